// Typed parse failures. Each carries a stable `code` and a message a person understands, so the
// ingest job can store it and the UI can show it after the error has crossed a worker boundary
// (where only name, message and plain fields survive).

export type ParseErrorCode =
  | 'unsupported-type'
  | 'unreadable-image'
  | 'image-too-large'
  | 'password-required'
  | 'wrong-password'
  | 'corrupt'
  | 'too-large'
  | 'timeout'
  | 'aborted';

export class ParseError extends Error {
  override readonly name: string = 'ParseError';
  readonly code: ParseErrorCode;

  constructor(code: ParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export class UnsupportedTypeError extends ParseError {
  override readonly name = 'UnsupportedTypeError';
  constructor(what: string) {
    super('unsupported-type', `ThinkBank cannot read this kind of file yet (${what}).`);
  }
}

/** An image format this browser cannot decode (HEIC in Chromium): the person is told what to do. */
export class UnreadableImageError extends ParseError {
  override readonly name = 'UnreadableImageError';
  constructor(format: string) {
    super(
      'unreadable-image',
      `This is ${/^[AEIOU]/.test(format) ? 'an' : 'a'} ${format} image; this browser cannot read ${format}. Export it as JPEG or PNG and add it again.`,
    );
  }
}

/** Refused from the header, before decoding: a pixel bomb, or a scan far larger than reading needs. */
export class ImageTooLargeError extends ParseError {
  override readonly name = 'ImageTooLargeError';
  constructor(width: number, height: number, limit: number, page?: number) {
    const millions = (n: number) => `${String(Math.round(n / 1_000_000))} million`;
    super(
      'image-too-large',
      `${page === undefined ? 'This image' : `Page ${String(page)} of this image`} is ${width.toLocaleString('en')} × ${height.toLocaleString('en')} pixels (${millions(width * height)}); ThinkBank reads images of up to ${millions(limit)} pixels. Scale it down and add it again.`,
    );
  }
}

export class PasswordRequiredError extends ParseError {
  override readonly name = 'PasswordRequiredError';
  constructor(options?: { cause?: unknown }) {
    super('password-required', 'This PDF is protected by a password. Enter it to add the file.', options);
  }
}

export class WrongPasswordError extends ParseError {
  override readonly name = 'WrongPasswordError';
  constructor(options?: { cause?: unknown }) {
    super('wrong-password', 'This PDF is protected by a password, and the password given is wrong.', options);
  }
}

export class CorruptFileError extends ParseError {
  override readonly name = 'CorruptFileError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'corrupt',
      `The file is damaged or not what its type says, so it cannot be read (${detail}).`,
      options,
    );
  }
}

export class TooLargeError extends ParseError {
  override readonly name = 'TooLargeError';
  constructor(detail: string) {
    super('too-large', `The file is larger than ThinkBank reads in one go (${detail}).`);
  }
}

export class ParseTimeoutError extends ParseError {
  override readonly name = 'ParseTimeoutError';
  constructor(ms: number) {
    super('timeout', `Reading the file took longer than ${Math.round(ms / 1000)} s, so it was stopped.`);
  }
}

export class ParseAbortedError extends ParseError {
  override readonly name = 'ParseAbortedError';
  constructor() {
    super('aborted', 'Reading the file was cancelled.');
  }
}
