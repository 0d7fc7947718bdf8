import { ownerOnlyFiles } from '../core/file-modes';
import { startApp } from './entry';

// Issue 10 item 7: before Electron, the log, the database or a key creates anything.
ownerOnlyFiles();

/** The Electron main process: the desk window, or `--cli` for a command-line task. */
startApp();
