/**
 * Airline prefixes (the 3-digit IATA accounting code that starts every AWB number) and the 2-character
 * designators used in flight numbers, for the carriers that move most air cargo.
 */
export interface Airline {
  prefix: string;
  designator: string;
  name: string;
}

export const AIRLINES: readonly Airline[] = [
  { prefix: '001', designator: 'AA', name: 'AMERICAN AIRLINES' },
  { prefix: '006', designator: 'DL', name: 'DELTA AIR LINES' },
  { prefix: '014', designator: 'AC', name: 'AIR CANADA' },
  { prefix: '016', designator: 'UA', name: 'UNITED AIRLINES' },
  { prefix: '020', designator: 'LH', name: 'LUFTHANSA CARGO' },
  { prefix: '023', designator: 'FX', name: 'FEDERAL EXPRESS' },
  { prefix: '045', designator: 'LA', name: 'LATAM AIRLINES' },
  { prefix: '047', designator: 'TP', name: 'TAP AIR PORTUGAL' },
  { prefix: '057', designator: 'AF', name: 'AIR FRANCE' },
  { prefix: '065', designator: 'SV', name: 'SAUDIA' },
  { prefix: '071', designator: 'ET', name: 'ETHIOPIAN AIRLINES' },
  { prefix: '074', designator: 'KL', name: 'KLM ROYAL DUTCH AIRLINES' },
  { prefix: '075', designator: 'IB', name: 'IBERIA' },
  { prefix: '077', designator: 'MS', name: 'EGYPTAIR' },
  { prefix: '079', designator: 'PR', name: 'PHILIPPINE AIRLINES' },
  { prefix: '081', designator: 'QF', name: 'QANTAS' },
  { prefix: '083', designator: 'SA', name: 'SOUTH AFRICAN AIRWAYS' },
  { prefix: '086', designator: 'NZ', name: 'AIR NEW ZEALAND' },
  { prefix: '098', designator: 'AI', name: 'AIR INDIA' },
  { prefix: '105', designator: 'AY', name: 'FINNAIR' },
  { prefix: '117', designator: 'SK', name: 'SAS SCANDINAVIAN AIRLINES' },
  { prefix: '125', designator: 'BA', name: 'BRITISH AIRWAYS' },
  { prefix: '131', designator: 'JL', name: 'JAPAN AIRLINES' },
  { prefix: '139', designator: 'AM', name: 'AEROMEXICO' },
  { prefix: '157', designator: 'QR', name: 'QATAR AIRWAYS' },
  { prefix: '160', designator: 'CX', name: 'CATHAY PACIFIC' },
  { prefix: '172', designator: 'CV', name: 'CARGOLUX' },
  { prefix: '176', designator: 'EK', name: 'EMIRATES' },
  { prefix: '180', designator: 'KE', name: 'KOREAN AIR' },
  { prefix: '205', designator: 'NH', name: 'ALL NIPPON AIRWAYS' },
  { prefix: '217', designator: 'TG', name: 'THAI AIRWAYS' },
  { prefix: '232', designator: 'MH', name: 'MALAYSIA AIRLINES' },
  { prefix: '235', designator: 'TK', name: 'TURKISH AIRLINES' },
  { prefix: '297', designator: 'CI', name: 'CHINA AIRLINES' },
  { prefix: '406', designator: '5X', name: 'UPS AIRLINES' },
  { prefix: '607', designator: 'EY', name: 'ETIHAD AIRWAYS' },
  { prefix: '618', designator: 'SQ', name: 'SINGAPORE AIRLINES' },
  { prefix: '695', designator: 'BR', name: 'EVA AIR' },
  { prefix: '724', designator: 'LX', name: 'SWISS' },
  { prefix: '738', designator: 'VN', name: 'VIETNAM AIRLINES' },
  { prefix: '781', designator: 'MU', name: 'CHINA EASTERN' },
  { prefix: '784', designator: 'CZ', name: 'CHINA SOUTHERN' },
  { prefix: '999', designator: 'CA', name: 'AIR CHINA' },
];

const BY_PREFIX = new Map(AIRLINES.map((airline) => [airline.prefix, airline]));
const BY_DESIGNATOR = new Map(AIRLINES.map((airline) => [airline.designator, airline]));

export function findAirlineByPrefix(prefix: string): Airline | undefined {
  return BY_PREFIX.get(prefix);
}

export function findAirlineByDesignator(designator: string): Airline | undefined {
  return BY_DESIGNATOR.get(designator);
}
