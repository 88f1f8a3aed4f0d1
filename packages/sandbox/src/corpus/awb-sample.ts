import { awbCheckDigit } from '@docbatch/core';
import { AIRLINES, type Airline } from '../reference-data/airlines.js';
import { AIRPORTS, type Airport } from '../reference-data/airports.js';
import type { SeededRandom } from '../random/seeded-random.js';

/** The fields an extractor should find on an air waybill: the ground truth of one corpus document. */
export interface AwbFields {
  awb_number: string;
  origin: string;
  destination: string;
  shipper: string;
  consignee: string;
  pieces: number;
  gross_weight: number;
  gross_weight_unit: 'KG' | 'LB';
  flight: string;
  goods: string;
}

/** How this waybill was filled in: forms come out of different systems, never pixel-identical. */
export interface FormStyle {
  valueSize: number;
  /** Distance of values from the box's left edge. */
  indent: number;
  lineGap: number;
  /** Airports written as the bare code (`FRA`) instead of `FRANKFURT (FRA)`. */
  bareAirportCodes: boolean;
}

/** Everything printed on the form: the fields plus the surrounding details a real AWB carries. */
export interface AwbSample {
  fields: AwbFields;
  airline: Airline;
  /** Printed AWB serial with its check digit, e.g. `1234 5675`. */
  serialText: string;
  originAirport: Airport;
  destinationCity: string;
  shipperAddress: string[];
  consigneeAddress: string[];
  agent: string;
  agentIataCode: string;
  goodsDetail: string;
  rateClass: string;
  chargeableWeight: number;
  rate: number;
  flightDate: string;
  executedOn: string;
  style: FormStyle;
}

const COMPANY_WORDS = [
  'NORDIC',
  'PACIFIC',
  'ATLAS',
  'MERIDIAN',
  'HORIZON',
  'SILVERLINE',
  'GOLDEN',
  'ORIENT',
  'ALPINE',
  'CORAL',
  'UNITED',
  'SUMMIT',
  'BLUE RIVER',
  'EVERGREEN',
  'CROWN',
  'STERLING',
  'VERTEX',
  'HANSA',
  'DRAGON',
  'CEDAR',
];
const COMPANY_TRADES = [
  'ELECTRONICS',
  'TEXTILES',
  'AUTOMOTIVE',
  'PHARMA',
  'TRADING',
  'INDUSTRIES',
  'MACHINERY',
  'FOODS',
  'INSTRUMENTS',
  'COMPONENTS',
  'APPAREL',
  'MEDICAL',
];
const COMPANY_FORMS = ['GMBH', 'LTD', 'CO. LTD', 'INC', 'S.A.', 'B.V.', 'PTE LTD', 'LLC', 'AG', 'S.P.A.'];
const STREETS = [
  'HARBOUR ROAD',
  'INDUSTRIESTRASSE',
  'RUE DU COMMERCE',
  'CARGO CITY SUD',
  'MAIN STREET',
  'AIRPORT BLVD',
  'KING STREET',
  'TECHNOLOGY PARK',
];
const GOODS = [
  'ELECTRONIC COMPONENTS',
  'AUTOMOTIVE SPARE PARTS',
  'PHARMACEUTICALS',
  'GARMENTS',
  'MACHINE PARTS',
  'CONSOLIDATION AS PER ATTACHED MANIFEST',
  'FRESH FLOWERS',
  'PRINTED MATTER',
  'MEDICAL DEVICES',
  'SPORTING GOODS',
  'AIRCRAFT PARTS',
  'TEXTILE SAMPLES',
  'LABORATORY EQUIPMENT',
  'FROZEN SEAFOOD',
];
const RATE_CLASSES = ['Q', 'N', 'C', 'M'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function company(random: SeededRandom): string {
  return `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_TRADES)} ${random.pick(COMPANY_FORMS)}`;
}

function address(random: SeededRandom, airport: Airport): string[] {
  return [`${random.int(1, 250)} ${random.pick(STREETS)}`, `${airport.city}, ${airport.country}`];
}

/** The layout of the plain form: values in 9 pt, 4 pt in from the box edge, 11 pt apart. */
export const PLAIN_STYLE: FormStyle = { valueSize: 9, indent: 4, lineGap: 11, bareAirportCodes: false };

/** A varied filling-in, so extraction is tested against more than one exact layout. */
export function randomStyle(random: SeededRandom): FormStyle {
  return {
    valueSize: random.pick([8, 8.5, 9, 9.5, 10]),
    indent: random.int(3, 7),
    lineGap: random.int(10, 12),
    bareAirportCodes: random.chance(0.2),
  };
}

/**
 * A random, internally consistent air waybill (valid check digit, known prefix and airports). The
 * style is given apart so that varying the layout never changes which waybill a seed produces.
 */
export function randomAwb(random: SeededRandom, style: FormStyle = PLAIN_STYLE): AwbSample {
  const airline = random.pick(AIRLINES);
  const originAirport = random.pick(AIRPORTS);
  let destinationAirport = random.pick(AIRPORTS);
  while (destinationAirport.code === originAirport.code) destinationAirport = random.pick(AIRPORTS);
  const serial = String(random.int(0, 9_999_999)).padStart(7, '0');
  const checked = `${serial}${awbCheckDigit(serial)}`;
  const pieces = random.int(1, 60);
  const gross = Math.round(pieces * (2 + random.next() * 78) * 10) / 10;
  const unit = random.chance(0.15) ? 'LB' : 'KG';
  const day = random.int(1, 28);
  const month = random.pick(MONTHS);
  const goods = random.pick(GOODS);
  return {
    fields: {
      awb_number: `${airline.prefix}-${checked}`,
      origin: originAirport.code,
      destination: destinationAirport.code,
      shipper: company(random),
      consignee: company(random),
      pieces,
      gross_weight: gross,
      gross_weight_unit: unit,
      flight: `${airline.designator}${random.int(1, 9999)}`,
      goods,
    },
    airline,
    serialText: `${checked.slice(0, 4)} ${checked.slice(4)}`,
    originAirport,
    destinationCity: destinationAirport.city,
    shipperAddress: address(random, originAirport),
    consigneeAddress: address(random, destinationAirport),
    agent: `${random.pick(COMPANY_WORDS)} FREIGHT FORWARDING, ${originAirport.city}`,
    agentIataCode: `${random.int(10, 99)}-${random.int(1, 9)} ${random.int(1000, 9999)}/${String(random.int(1, 9999)).padStart(4, '0')}`,
    goodsDetail: `DIMS ${random.int(40, 120)}X${random.int(40, 120)}X${random.int(30, 160)} CM`,
    rateClass: random.pick(RATE_CLASSES),
    chargeableWeight: Math.ceil(gross),
    rate: Math.round((1 + random.next() * 9) * 100) / 100,
    flightDate: `${String(day).padStart(2, '0')}${month}`,
    executedOn: `${String(day).padStart(2, '0')} ${month} 2026`,
    style,
  };
}
