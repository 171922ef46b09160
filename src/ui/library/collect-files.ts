// Turns what a person dropped (files and whole folders) into a flat list of files with their paths.
// Folders are walked through the File and Directory Entries API (webkitGetAsEntry), which is the only
// way a drop exposes a folder's content; reading entries is asynchronous, so the page stays free. The
// entries must be taken from the DataTransfer synchronously, inside the drop event.
import type { IntakeFileInput } from '../../../workers/contracts/ingest';

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => {
    entry.file(resolve, reject);
  });
}

async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => {
      reader.readEntries(resolve, reject);
    });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: IntakeFileInput[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push({ name: entry.fullPath.replace(/^\//, '') || file.name, data: file });
  } else if (entry.isDirectory) {
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) {
      if (!child.name.startsWith('.')) await walk(child, out);
    }
  }
}

/** Takes the dropped entries now (they expire after the event) and resolves to the files inside. */
export function collectDropped(data: DataTransfer): Promise<IntakeFileInput[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  return (async () => {
    const out: IntakeFileInput[] = loose.map((file) => ({ name: file.name, data: file }));
    for (const entry of entries) await walk(entry, out);
    return out;
  })();
}

/** Files from an <input type="file">, with folder paths when a folder was chosen. */
export function collectPicked(files: FileList | null): IntakeFileInput[] {
  return Array.from(files ?? [], (file) => ({ name: file.webkitRelativePath || file.name, data: file }));
}
