// The Dexie database class: typed tables over the versions declared in schema.ts. One instance per
// thread (the UI has one, each worker that touches storage its own); Dexie keeps their views in step.
import { Dexie, type Table } from 'dexie';
import { DB_NAME, declareSchema } from './schema';
import type {
  BlobRecord,
  ChunkRecord,
  CollectionRecord,
  ConversationRecord,
  DocumentRecord,
  IndexSegmentRecord,
  JobRecord,
  MessageRecord,
  ModelRecord,
  SettingRecord,
  VectorSegmentRecord,
  VersionRecord,
} from './types';

export class ThinkBankDb extends Dexie {
  // `declare`: Dexie creates these properties from the schema; a class field would overwrite them.
  declare readonly collections: Table<CollectionRecord, string>;
  declare readonly documents: Table<DocumentRecord, string>;
  declare readonly blobs: Table<BlobRecord, string>;
  declare readonly versions: Table<VersionRecord, string>;
  declare readonly chunks: Table<ChunkRecord, string>;
  declare readonly vectors: Table<VectorSegmentRecord, [string, string]>;
  declare readonly indexes: Table<IndexSegmentRecord, string>;
  declare readonly jobs: Table<JobRecord, string>;
  declare readonly conversations: Table<ConversationRecord, string>;
  declare readonly messages: Table<MessageRecord, string>;
  declare readonly settings: Table<SettingRecord, string>;
  declare readonly models: Table<ModelRecord, string>;

  /** `name` is for tests, which each use a database of their own. */
  constructor(name: string = DB_NAME) {
    super(name);
    declareSchema(this);
  }
}
