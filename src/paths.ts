import { fileURLToPath } from 'node:url';
import path from 'node:path';

// This file is compiled from src/ to dist/, both one level below the project root,
// so the same relative step finds the root from either.
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsDir = path.join(projectRoot, 'db', 'migrations');
export const templatesDir = path.join(projectRoot, 'templates');
