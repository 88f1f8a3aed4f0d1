/**
 * Major cargo airports (IATA location codes). The sandbox validates `origin` and `destination`
 * against this table: a code outside it is reported with low confidence, which makes the document
 * `partial` — the same thing a real extractor does with a code it cannot confirm.
 */
export interface Airport {
  code: string;
  city: string;
  country: string;
}

export const AIRPORTS: readonly Airport[] = [
  { code: 'AMS', city: 'AMSTERDAM', country: 'NL' },
  { code: 'ANC', city: 'ANCHORAGE', country: 'US' },
  { code: 'ARN', city: 'STOCKHOLM', country: 'SE' },
  { code: 'ATL', city: 'ATLANTA', country: 'US' },
  { code: 'AUH', city: 'ABU DHABI', country: 'AE' },
  { code: 'BCN', city: 'BARCELONA', country: 'ES' },
  { code: 'BKK', city: 'BANGKOK', country: 'TH' },
  { code: 'BLR', city: 'BENGALURU', country: 'IN' },
  { code: 'BOG', city: 'BOGOTA', country: 'CO' },
  { code: 'BOM', city: 'MUMBAI', country: 'IN' },
  { code: 'BRU', city: 'BRUSSELS', country: 'BE' },
  { code: 'CAI', city: 'CAIRO', country: 'EG' },
  { code: 'CAN', city: 'GUANGZHOU', country: 'CN' },
  { code: 'CDG', city: 'PARIS', country: 'FR' },
  { code: 'CGK', city: 'JAKARTA', country: 'ID' },
  { code: 'CMN', city: 'CASABLANCA', country: 'MA' },
  { code: 'CPH', city: 'COPENHAGEN', country: 'DK' },
  { code: 'CTU', city: 'CHENGDU', country: 'CN' },
  { code: 'CVG', city: 'CINCINNATI', country: 'US' },
  { code: 'DEL', city: 'DELHI', country: 'IN' },
  { code: 'DFW', city: 'DALLAS', country: 'US' },
  { code: 'DOH', city: 'DOHA', country: 'QA' },
  { code: 'DUB', city: 'DUBLIN', country: 'IE' },
  { code: 'DXB', city: 'DUBAI', country: 'AE' },
  { code: 'EZE', city: 'BUENOS AIRES', country: 'AR' },
  { code: 'FCO', city: 'ROME', country: 'IT' },
  { code: 'FRA', city: 'FRANKFURT', country: 'DE' },
  { code: 'GRU', city: 'SAO PAULO', country: 'BR' },
  { code: 'HAN', city: 'HANOI', country: 'VN' },
  { code: 'HEL', city: 'HELSINKI', country: 'FI' },
  { code: 'HKG', city: 'HONG KONG', country: 'HK' },
  { code: 'HND', city: 'TOKYO', country: 'JP' },
  { code: 'IAH', city: 'HOUSTON', country: 'US' },
  { code: 'ICN', city: 'SEOUL', country: 'KR' },
  { code: 'IST', city: 'ISTANBUL', country: 'TR' },
  { code: 'JED', city: 'JEDDAH', country: 'SA' },
  { code: 'JFK', city: 'NEW YORK', country: 'US' },
  { code: 'JNB', city: 'JOHANNESBURG', country: 'ZA' },
  { code: 'KUL', city: 'KUALA LUMPUR', country: 'MY' },
  { code: 'LAX', city: 'LOS ANGELES', country: 'US' },
  { code: 'LEJ', city: 'LEIPZIG', country: 'DE' },
  { code: 'LGG', city: 'LIEGE', country: 'BE' },
  { code: 'LHR', city: 'LONDON', country: 'GB' },
  { code: 'LIM', city: 'LIMA', country: 'PE' },
  { code: 'LOS', city: 'LAGOS', country: 'NG' },
  { code: 'LUX', city: 'LUXEMBOURG', country: 'LU' },
  { code: 'MAD', city: 'MADRID', country: 'ES' },
  { code: 'MEL', city: 'MELBOURNE', country: 'AU' },
  { code: 'MEM', city: 'MEMPHIS', country: 'US' },
  { code: 'MEX', city: 'MEXICO CITY', country: 'MX' },
  { code: 'MIA', city: 'MIAMI', country: 'US' },
  { code: 'MNL', city: 'MANILA', country: 'PH' },
  { code: 'MUC', city: 'MUNICH', country: 'DE' },
  { code: 'MXP', city: 'MILAN', country: 'IT' },
  { code: 'NBO', city: 'NAIROBI', country: 'KE' },
  { code: 'NRT', city: 'TOKYO', country: 'JP' },
  { code: 'ORD', city: 'CHICAGO', country: 'US' },
  { code: 'PEK', city: 'BEIJING', country: 'CN' },
  { code: 'PVG', city: 'SHANGHAI', country: 'CN' },
  { code: 'RUH', city: 'RIYADH', country: 'SA' },
  { code: 'SCL', city: 'SANTIAGO', country: 'CL' },
  { code: 'SDF', city: 'LOUISVILLE', country: 'US' },
  { code: 'SEA', city: 'SEATTLE', country: 'US' },
  { code: 'SFO', city: 'SAN FRANCISCO', country: 'US' },
  { code: 'SGN', city: 'HO CHI MINH CITY', country: 'VN' },
  { code: 'SIN', city: 'SINGAPORE', country: 'SG' },
  { code: 'SYD', city: 'SYDNEY', country: 'AU' },
  { code: 'TPE', city: 'TAIPEI', country: 'TW' },
  { code: 'VIE', city: 'VIENNA', country: 'AT' },
  { code: 'YUL', city: 'MONTREAL', country: 'CA' },
  { code: 'YYZ', city: 'TORONTO', country: 'CA' },
  { code: 'ZRH', city: 'ZURICH', country: 'CH' },
];

const BY_CODE = new Map(AIRPORTS.map((airport) => [airport.code, airport]));

export function findAirport(code: string): Airport | undefined {
  return BY_CODE.get(code);
}
