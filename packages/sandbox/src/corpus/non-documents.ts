import type { SeededRandom } from '../random/seeded-random.js';

/**
 * Files people attach by mistake instead of a waybill: mail bodies, web pages, archives, images in
 * formats the provider does not take. Each is what its name says, byte for byte.
 */
export interface NonDocument {
  extension: string;
  bytes: Uint8Array;
}

type Maker = (random: SeededRandom) => NonDocument;

const MAKERS: Maker[] = [
  (random) => ({
    extension: 'txt',
    bytes: Buffer.from(
      `Hello,\r\nplease find the air waybill for shipment ${random.int(10000, 99999)} attached.\r\nKind regards\r\n`,
    ),
  }),
  () => ({
    extension: 'html',
    bytes: Buffer.from(
      '<!DOCTYPE html><html><head><title>Tracking</title></head><body><h1>Shipment tracking</h1></body></html>\n',
    ),
  }),
  (random) => {
    // A ZIP archive holding one stored (uncompressed) file: local header, central directory, end record.
    const name = Buffer.from('awb.txt');
    const data = Buffer.from(`AWB ${random.int(100, 999)}\n`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(10, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(local.length + name.length + data.length, 16);
    return { extension: 'zip', bytes: Buffer.concat([local, name, data, central, name, end]) };
  },
  () => ({
    // The smallest GIF: a 1x1 image. A real image, in a format the provider does not accept.
    extension: 'gif',
    bytes: Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'),
  }),
  (random) => ({
    extension: 'csv',
    bytes: Buffer.from(`awb,pieces,weight\n160-${random.int(1000000, 9999999)},3,45.0\n`),
  }),
];

export function randomNonDocument(random: SeededRandom): NonDocument {
  return random.pick(MAKERS)(random);
}
