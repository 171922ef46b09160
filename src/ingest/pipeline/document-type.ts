// What the library calls a file, from what detection found in its bytes.
import type { DetectedKind } from '../detect';
import type { DocumentType } from '../../db/types';

export function documentTypeOf(kind: DetectedKind): DocumentType {
  switch (kind) {
    case 'pdf':
    case 'docx':
    case 'html':
    case 'markdown':
    case 'text':
    case 'image':
    case 'audio':
      return kind;
    default:
      return 'other';
  }
}
