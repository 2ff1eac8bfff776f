// Rewrites data files the way the CMS saves them (src/entry-yaml.js), for the tests:
// node roundtrip.mjs formats.json format-name file... ; each file is read and written back in place;
// a .json file (the values as the form would hand them over) is written as the .yml file beside it.
import { readFileSync, writeFileSync } from 'node:fs';

import { pythonPattern, readEntry, writeEntry } from './src/entry-yaml.js';

const [formatsFile, formatName, ...files] = process.argv.slice(2);
const { quote_patterns: sources, formats } = JSON.parse(readFileSync(formatsFile, 'utf8'));
const patterns = sources.map(pythonPattern);
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const [values, target] = file.endsWith('.json') ? [JSON.parse(text), file.replace(/json$/, 'yml')] : [readEntry(text), file];
  writeFileSync(target, writeEntry(values, formats[formatName], patterns));
}
