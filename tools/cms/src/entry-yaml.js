// How the CMS reads and writes Tekan's data files: the same YAML library and options as Sveltia's own
// writer (yaml 2, YAML 1.2 core schema, no line folding), plus what Tekan's files need and Sveltia cannot
// do by itself:
// - the first line stays `# yaml-language-server: $schema=…` (VS Code's field help);
// - text the strict loader would misread is written in double quotes: `TCL：制造业` (a latin word and a
//   full-width colon looks like a mistyped key), `a:b` (a key glued to its value); the patterns come from
//   Python (formats.json), so the loader and this writer share one definition;
// - lists of words stay on one line (`tags: [焊接, 传帮带]`) and multi-line text is a `|` block, as
//   `tekan new` and the hand-written files have them, so editing one field changes one line;
// - Markdown fields (`block_fields`) are always a `|` block;
// - empty optional values and `false` switches are left out (their default).
// Plain code with no browser API: the tests run it under node on every shipped entry.
import { Document, Scalar, isScalar, parse, visit } from 'yaml';

const WORD = '\\p{L}\\p{N}\\p{M}_';

/** A Python `re` pattern as a JavaScript RegExp: Python's \w matches any letter or digit, JavaScript's ASCII only. */
export const pythonPattern = (source) => {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1];
      out += next === 'w' ? (inClass ? WORD : `[${WORD}]`) : char + next;
      i += 1;
    } else {
      if (char === '[') inClass = true;
      if (char === ']') inClass = false;
      out += char;
    }
  }
  return new RegExp(out, 'u');
};

const isEmpty = (value) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/** The entry without its empty values and `false` switches, keys in their order. */
export const withoutDefaults = (value, omitFalse) => {
  if (Array.isArray(value)) {
    return value.map((item) => withoutDefaults(item, omitFalse)).filter((item) => !isEmpty(item));
  }
  if (value && typeof value === 'object') {
    const kept = {};
    for (const [key, item] of Object.entries(value)) {
      const clean = withoutDefaults(item, omitFalse);
      if (!isEmpty(clean) && !(clean === false && omitFalse.includes(key))) kept[key] = clean;
    }
    return kept;
  }
  return typeof value === 'string' ? value.trim() : value;
};

/** Text for one entry file. `format` is one entry of formats.json. */
export const writeEntry = (content, format, quotePatterns) => {
  const doc = new Document(withoutDefaults(content, format.omit_false));
  visit(doc, {
    Pair(_, pair) {
      if (format.block_fields.includes(pair.key?.value) && isScalar(pair.value) && typeof pair.value.value === 'string') {
        pair.value.value = `${pair.value.value}\n`; // a `|` block below
      }
    },
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item) && !String(item.value).includes('\n'))) node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      if (node.value.includes('\n')) {
        node.type = Scalar.BLOCK_LITERAL;
        node.value = `${node.value.replace(/\s+$/, '')}\n`;
      } else if (quotePatterns.some((pattern) => pattern.test(node.value))) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const body = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: false });
  return `# yaml-language-server: $schema=${format.schema}\n${body}`;
};

/** The values of an entry file (comments are not kept: the CMS has nowhere to show them). */
export const readEntry = (text) => parse(text) ?? {};
