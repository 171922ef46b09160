// Where the OCR bench's build puts tesseract.js's files (ocr.vite.config.ts) and the page finds them
// (ocr-page.ts): under models/, so the service worker never precaches them.
export const TESSERACT_DIR = 'models/tesseract.js/';
export const TESSERACT_DATA = ['4.0.0_best_int', '4.0.0'] as const;
export type TesseractData = (typeof TESSERACT_DATA)[number];
