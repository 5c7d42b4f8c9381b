// `npm run try`: builds the extension and starts code-server on loopback with it loaded (as the
// extension under development) and a copy of examples/ open, then prints the address to open in a
// browser. Nothing to install in VS Code. Ctrl+C stops the server.
//   node scripts/try.mjs [folder]      (default: examples/)
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildExtension, root, startCodeServer } from './codeServer.mjs';

const src = path.resolve(process.argv[2] ?? path.join(root, 'examples'));
// A copy, so that trying the watcher (editing a log) never touches the repository's examples.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'mirage-try-'));
cpSync(src, path.join(workspace, path.basename(src)), { recursive: true });

await buildExtension();
const server = await startCodeServer({ workspace });
console.log(`
Mirage Lens is running in code-server (VS Code in the browser), on this machine only:

  ${server.urlFor(server.dev())}

Open a log under ${path.basename(src)}/, or right-click the folder and choose "Check for Mirage".
(The workspace is a copy in ${workspace}.) Ctrl+C stops the server.`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
