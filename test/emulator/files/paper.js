// @ts-check
'use strict';

/**
 * Paper docs as files: what a .paper file holds in this stand-in and how it is exported.
 *
 * Assumed (Dropbox does not document its Paper model; see README "Paper"): a doc is kept as the pieces that were
 * imported, each in its source format (html, markdown or plain_text), so that an export in the format a piece was
 * imported in returns that piece exactly as sent. Other formats are made by simple conversions (headings, lists,
 * bold, italics, paragraphs). Pieces are joined by a blank line (one newline between HTML pieces).
 *
 * @typedef {'html' | 'markdown' | 'plain_text'} PaperFormat
 * @typedef {{ format: PaperFormat, text: string }} Piece
 */

const MARK = 'dropbox-standin-paper-doc';

/** Dropbox's documented cap on an image given as a data URI in imported HTML ("The current limit is 1MB"). */
const MAX_IMAGE_BYTES = 1024 * 1024;

/** Assumed: the size of a doc (the text of all its pieces, UTF-8 bytes) past which Dropbox answers doc_length_exceeded. */
const DEFAULT_DOC_LIMIT = 10 * 1024 * 1024;

const esc = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unesc = (/** @type {string} */ s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');

/** Markdown's headings, bullet lists, bold and italics, paragraphs. @param {string} md */
function markdownToHtml(md) {
	const inline = (/** @type {string} */ s) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>');
	return md
		.split(/\n{2,}/)
		.filter((block) => block.trim())
		.map((block) => {
			const lines = block.trim().split('\n');
			const heading = /^(#{1,6})\s+(.*)$/.exec(lines[0]);
			if (heading && lines.length === 1) return `<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`;
			if (lines.every((l) => /^\s*[-*]\s+/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
			return `<p>${lines.map(inline).join('<br>')}</p>`;
		})
		.join('\n');
}

/** @param {string} text */
const plainToHtml = (text) =>
	text
		.split(/\n{2,}/)
		.filter((p) => p.trim())
		.map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
		.join('\n');

/** @param {string} html */
function htmlToMarkdown(html) {
	return unesc(
		html
			.replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_, n, t) => `${'#'.repeat(Number(n))} ${t.trim()}\n\n`)
			.replace(/<li[^>]*>([\s\S]*?)<\/li>/gi, (_, t) => `- ${t.trim()}\n`)
			.replace(/<\/(ul|ol)>/gi, '\n')
			.replace(/<(strong|b)>([\s\S]*?)<\/\1>/gi, '**$2**')
			.replace(/<(em|i)>([\s\S]*?)<\/\1>/gi, '*$2*')
			.replace(/<br\s*\/?>/gi, '\n')
			.replace(/<\/p>/gi, '\n\n')
			.replace(/<[^>]+>/g, ''),
	)
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** @param {string} html */
const htmlToPlain = (html) => htmlToMarkdown(html).replace(/^#{1,6}\s+/gm, '').replace(/\*\*(.+?)\*\*/g, '$1').replace(/\*(.+?)\*/g, '$1');

/** @param {string} md */
const markdownToPlain = (md) => htmlToPlain(markdownToHtml(md));

/** One piece in another format; the piece itself when the format is its own. @param {Piece} piece @param {PaperFormat} format */
function convert(piece, format) {
	if (piece.format === format) return piece.text;
	const html = piece.format === 'html' ? piece.text : piece.format === 'markdown' ? markdownToHtml(piece.text) : plainToHtml(piece.text);
	if (format === 'html') return html;
	if (format === 'markdown') return piece.format === 'plain_text' ? piece.text : htmlToMarkdown(html);
	return piece.format === 'markdown' ? markdownToPlain(piece.text) : htmlToPlain(html);
}

/** The bytes of a .paper file holding these pieces. @param {Piece[]} pieces */
const encodeDoc = (pieces) => Buffer.from(JSON.stringify({ [MARK]: 1, pieces }), 'utf8');

/**
 * The pieces of a .paper file. Files put into the store directly (seeds, tests) hold HTML, or text that is
 * taken as plain text.
 * @param {Buffer} bytes @returns {Piece[]}
 */
function decodeDoc(bytes) {
	const text = bytes.toString('utf8');
	try {
		const doc = JSON.parse(text);
		if (doc && doc[MARK] === 1 && Array.isArray(doc.pieces)) return doc.pieces;
	} catch {
		// not one of ours: raw content
	}
	if (!text.trim()) return [];
	return [{ format: /<[a-z][\s\S]*>/i.test(text) ? 'html' : 'plain_text', text }];
}

/** A doc exported in a format. @param {Buffer} bytes @param {PaperFormat} format */
function exportDoc(bytes, format) {
	const pieces = decodeDoc(bytes);
	if (pieces.length === 1) return Buffer.from(convert(pieces[0], format), 'utf8');
	const joiner = format === 'html' ? '\n' : '\n\n';
	return Buffer.from(pieces.map((piece) => convert(piece, format).replace(/\s+$/, '')).join(joiner), 'utf8');
}

/**
 * What is wrong with imported content, as a PaperContentError tag, or undefined.
 * @param {Buffer} body @param {PaperFormat} format
 */
function contentError(body, format) {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(body);
	} catch {
		// Assumed: bytes that are not UTF-8 text cannot be imported.
		return 'content_malformed';
	}
	if (format === 'html') {
		for (const m of body.toString('utf8').matchAll(/data:[^;,"']*;base64,([A-Za-z0-9+/=\s]+)/g)) {
			if (Buffer.from(m[1], 'base64').length > MAX_IMAGE_BYTES) return 'image_size_exceeded';
		}
	}
	return undefined;
}

/** @param {Piece[]} pieces @param {number | undefined} limit */
const tooLong = (pieces, limit) => pieces.reduce((n, p) => n + Buffer.byteLength(p.text, 'utf8'), 0) > (limit ?? DEFAULT_DOC_LIMIT);

/**
 * Whether an account is still on legacy Paper (its docs are not .paper files), by the stand-in's switch
 * `filesOptions.legacyPaper`: true for every account, or a list of account IDs.
 * @param {{ legacyPaper?: boolean | string[] }} options @param {string} accountId
 */
const onLegacyPaper = (options, accountId) =>
	options.legacyPaper === true || (Array.isArray(options.legacyPaper) && options.legacyPaper.includes(accountId));

module.exports = { encodeDoc, decodeDoc, exportDoc, contentError, tooLong, onLegacyPaper, convert, MAX_IMAGE_BYTES, DEFAULT_DOC_LIMIT };
