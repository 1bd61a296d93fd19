// @ts-check
'use strict';

const { routeError } = require('../answers');
const { Blob, BlobWriter } = require('../blob');
const { secret } = require('../ids');
const T = require('../files/types');
const { decodeArg, PAYLOAD_LIMIT } = require('../files/common');
const { callerOf, commitFile, guard, mustBeFile, lookupFail, Fail, tagged } = require('../files/ops');
const { extensionOf } = require('../files/meta');

/**
 * Paper docs as files (paper_as_files): files/paper/create and files/paper/update (upload style on the
 * api host). A .paper file's bytes are its HTML; files/export turns them into HTML or Markdown.
 *
 * @typedef {import('../dispatch').Context} Context
 */

const esc = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Simple Markdown to HTML: headings, lists, emphasis, paragraphs. @param {string} md */
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

/** @param {Buffer} bytes @param {string} format */
function toHtml(bytes, format) {
	const text = bytes.toString('utf8');
	if (format === 'html') return text;
	if (format === 'markdown') return markdownToHtml(text);
	return text
		.split(/\n{2,}/)
		.filter((p) => p.trim())
		.map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
		.join('\n');
}

/** The request body (a Paper doc is small; still capped like every upload). @param {Context} ctx */
async function body(ctx) {
	const writer = new BlobWriter(ctx.state.store.blobs);
	let n = 0;
	for await (const chunk of ctx.req) {
		n += chunk.length;
		if (n > PAYLOAD_LIMIT) throw routeError(tagged('doc_length_exceeded'));
		await writer.write(chunk);
	}
	return (await writer.finish()).read();
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'files/paper/create': async (ctx) => {
		const arg = decodeArg(ctx, T.PaperCreateArg);
		const c = callerOf(ctx);
		const html = toHtml(await body(ctx), arg.import_format['.tag']);
		if (extensionOf(arg.path) !== 'paper') throw routeError(tagged('invalid_file_extension'));
		let written;
		try {
			written = commitFile(c, arg.path, Blob.fromBuffer(Buffer.from(html, 'utf8')), {
				mode: { '.tag': 'add' },
				autorename: true,
				client_modified: null,
				strict_conflict: false,
			});
		} catch (error) {
			if (error instanceof Fail) throw routeError(tagged('invalid_path'));
			throw error;
		}
		const e = written.entry;
		return {
			url: `https://www.dropbox.com/scl/fi/${secret(25).toLowerCase()}/${encodeURIComponent(e.name)}?dl=0`,
			result_path: written.prefix.display + e.path_display,
			file_id: e.id,
			paper_revision: e.paper_revision ?? 1,
		};
	},

	'files/paper/update': async (ctx) => {
		const arg = decodeArg(ctx, T.PaperUpdateArg);
		const c = callerOf(ctx);
		const incoming = toHtml(await body(ctx), arg.import_format['.tag']);
		const loc = guard(() => {
			const l = mustBeFile(c, arg.path);
			if (extensionOf(l.entry.name) !== 'paper') throw lookupFail('unsupported_content_type');
			return l;
		}, (v) => ({ '.tag': 'path', path: v }));
		const current = loc.entry.paper_revision ?? 1;
		const policy = arg.doc_update_policy['.tag'];
		if (policy === 'update' && arg.paper_revision !== current) throw routeError(tagged('revision_mismatch'));
		const old = (await /** @type {import('../blob').Blob} */ (loc.entry.blob).read()).toString('utf8');
		const html = policy === 'prepend' ? `${incoming}\n${old}` : policy === 'append' ? `${old}\n${incoming}` : incoming;
		const entry = c.store.writeFile(loc.ns, {
			id: loc.entry.id,
			path_display: loc.entry.path_display,
			blob: Blob.fromBuffer(Buffer.from(html, 'utf8')),
			clientModified: loc.entry.client_modified,
			modifiedBy: c.account.account_id,
			paperRevision: current + 1,
		});
		return { paper_revision: entry.paper_revision };
	},
};
