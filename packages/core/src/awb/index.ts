export * from './awb-number.js';
