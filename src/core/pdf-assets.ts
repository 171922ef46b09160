// Where the app serves pdf.js's data (scripts/vite/pdfjs-assets.ts copies it there at build time).

/** The folder under the app's base. */
export const PDFJS_ASSETS_DIR = 'pdfjs/';

export interface PdfAssetUrls {
  readonly wasmUrl: string;
  readonly standardFontDataUrl: string;
  readonly cMapUrl: string;
}

/** The absolute URLs pdf.js takes, from the app's absolute base URL. */
export function pdfAssetUrls(appBase: string): PdfAssetUrls {
  const folder = new URL(PDFJS_ASSETS_DIR, appBase).href;
  return {
    wasmUrl: `${folder}wasm/`,
    standardFontDataUrl: `${folder}standard_fonts/`,
    cMapUrl: `${folder}cmaps/`,
  };
}
