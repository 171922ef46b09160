// Intake in the ingest worker: each file handed over by the page is checked against the size limit,
// read, hashed (SHA-256) and typed by its content, then stored with its document, version and job in one
// transaction (src/db/repositories/intake.ts). Files are handled one by one, so a bad one only affects
// its own line of the answer.
import type { ThinkBankDb } from '../../db/database';
import { toStorageError, StorageFullError } from '../../db/errors';
import { errorForPeople } from '../../core/errors';
import { intakeFile } from '../../db/repositories/intake';
import { formatBytes } from '../../core/format';
import { detectType } from '../detect';
import { withoutGps } from '../images/exif';
import { imageFormatOf } from '../images/read-image';
import { documentTypeOf } from './document-type';
import { sha256Hex } from './hash';

export interface IntakeFileInput {
  /** The name shown to the person; for a dropped folder, its path inside the folder. */
  name: string;
  data: Blob;
}

export type IntakeOutcome =
  | { name: string; outcome: 'added'; documentId: string; jobId: string }
  | { name: string; outcome: 'new-version'; documentId: string; jobId: string; versionNumber: number }
  | { name: string; outcome: 'duplicate'; documentId: string; message: string }
  | { name: string; outcome: 'rejected'; message: string };

export interface IntakeOptions {
  collectionId: string;
  maxFileBytes: number;
  /** Keep the GPS position photos carry; when false it is blanked before the file is stored (ADR 0074). */
  keepImageLocation?: boolean;
  signal?: AbortSignal;
}

export async function intakeOne(
  db: ThinkBankDb,
  file: IntakeFileInput,
  options: IntakeOptions,
): Promise<IntakeOutcome> {
  const { name } = file;
  if (file.data.size > options.maxFileBytes) {
    return {
      name,
      outcome: 'rejected',
      message: `Not added: it is ${formatBytes(file.data.size)}, larger than the limit of ${formatBytes(options.maxFileBytes)} per file (Library › Largest file).`,
    };
  }
  if (file.data.size === 0) return { name, outcome: 'rejected', message: 'Not added: the file is empty.' };
  try {
    const read = new Uint8Array(await file.data.arrayBuffer());
    const type = detectType(read, name);
    const format = type.kind === 'image' ? imageFormatOf(type.mime) : undefined;
    // What is stored (and hashed) is the file without its GPS position unless the person keeps it.
    const bytes = format && options.keepImageLocation !== true ? withoutGps(read, format) : read;
    const data = bytes === read ? file.data : new Blob([bytes], { type: file.data.type });
    const contentHash = await sha256Hex(bytes);
    const result = await intakeFile(db, {
      collectionId: options.collectionId,
      fileName: name,
      contentHash,
      sizeBytes: bytes.byteLength,
      mimeType: type.mime,
      type: documentTypeOf(type.kind),
      data,
    });
    switch (result.kind) {
      case 'duplicate':
        return {
          name,
          outcome: 'duplicate',
          documentId: result.documentId,
          message: `Skipped: already in your library as “${result.title}”.`,
        };
      case 'added':
        return { name, outcome: 'added', documentId: result.documentId, jobId: result.jobId };
      case 'new-version':
        return { name, outcome: 'new-version', ...result };
    }
  } catch (error) {
    const mapped = toStorageError(error);
    const message =
      mapped instanceof StorageFullError
        ? 'Not added: storage is full. Free space by removing documents or models.'
        : `Not added: ${errorForPeople(mapped)}`;
    return { name, outcome: 'rejected', message };
  }
}

export async function intakeFiles(
  db: ThinkBankDb,
  files: readonly IntakeFileInput[],
  options: IntakeOptions,
): Promise<IntakeOutcome[]> {
  const outcomes: IntakeOutcome[] = [];
  for (const file of files) {
    if (options.signal?.aborted) {
      outcomes.push({ name: file.name, outcome: 'rejected', message: 'Not added: adding was cancelled.' });
      continue;
    }
    outcomes.push(await intakeOne(db, file, options));
  }
  return outcomes;
}
