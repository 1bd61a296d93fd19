// @ts-check
'use strict';

const { routeError } = require('../answers');
const { Blob, BlobWriter } = require('../blob');
const { secret } = require('../ids');
const T = require('../files/types');
const { decodeArg, PAYLOAD_LIMIT } = require('../files/common');
const { callerOf, commitFile, guard, mustBeFile, lookupFail, Fail, tagged } = require('../files/ops');
const { extensionOf } = require('../files/meta');
const { encodeDoc, decodeDoc, contentError, tooLong, onLegacyPaper } = require('../files/paper');

/**
 * Paper docs as files (paper_as_files): files/paper/create and files/paper/update (upload style on the
 * api host). A .paper file holds the imported pieces in their source formats (files/paper.js); files/export
 * renders them in html, markdown or plain_text.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../files/paper').PaperFormat} PaperFormat
 */

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

/**
 * The checks both routes share: the account is on Paper as files, the content can be imported.
 * Assumed: an account still on legacy Paper answers insufficient_permissions ("Your account does not have
 * permissions to edit Paper docs"), a member of both routes' error unions.
 * @param {Context} ctx @param {ReturnType<typeof callerOf>} c @param {Buffer} content @param {PaperFormat} format
 */
function importable(ctx, c, content, format) {
	if (onLegacyPaper(ctx.state.files.options, c.account.account_id)) throw routeError(tagged('insufficient_permissions'));
	const problem = contentError(content, format);
	if (problem) throw routeError(tagged(problem));
	return { format, text: content.toString('utf8') };
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'files/paper/create': async (ctx) => {
		const arg = decodeArg(ctx, T.PaperCreateArg);
		const c = callerOf(ctx);
		const content = await body(ctx);
		if (extensionOf(arg.path) !== 'paper') throw routeError(tagged('invalid_file_extension'));
		if (!c.account.email_verified) throw routeError(tagged('email_unverified'));
		const piece = importable(ctx, c, content, arg.import_format['.tag']);
		if (tooLong([piece], ctx.state.files.options.paperDocLimit)) throw routeError(tagged('doc_length_exceeded'));
		let written;
		try {
			// Dropbox: "if a file already exists at your target destination, create will append a number to the end
			// of the path", also when its content is the same (strict_conflict).
			written = commitFile(c, arg.path, Blob.fromBuffer(encodeDoc([piece])), {
				mode: { '.tag': 'add' },
				autorename: true,
				client_modified: null,
				strict_conflict: true,
			});
		} catch (error) {
			if (error instanceof Fail) throw routeError(tagged('invalid_path'));
			throw error;
		}
		const e = written.entry;
		return {
			url: `https://www.dropbox.com/cloud_docs/view/${secret(21)}?fileid_gid=${e.id.slice(3)}`,
			result_path: written.prefix.display + e.path_display,
			file_id: e.id,
			paper_revision: e.paper_revision ?? 1,
		};
	},

	'files/paper/update': async (ctx) => {
		const arg = decodeArg(ctx, T.PaperUpdateArg);
		const c = callerOf(ctx);
		const content = await body(ctx);
		const loc = guard(() => {
			const l = mustBeFile(c, arg.path);
			if (extensionOf(l.entry.name) !== 'paper') throw lookupFail('unsupported_content_type');
			return l;
		}, (v) => ({ '.tag': 'path', path: v }));
		const piece = importable(ctx, c, content, arg.import_format['.tag']);
		const current = loc.entry.paper_revision ?? 1;
		const policy = arg.doc_update_policy['.tag'];
		// Assumed: policy "update" without a paper_revision is a mismatch too (the spec requires one for it).
		if (policy === 'update' && arg.paper_revision !== current) throw routeError(tagged('revision_mismatch'));
		const old = decodeDoc(await /** @type {import('../blob').Blob} */ (loc.entry.blob).read());
		const pieces = policy === 'prepend' ? [piece, ...old] : policy === 'append' ? [...old, piece] : [piece];
		if (tooLong(pieces, ctx.state.files.options.paperDocLimit)) throw routeError(tagged('doc_length_exceeded'));
		const entry = c.store.writeFile(loc.ns, {
			id: loc.entry.id,
			path_display: loc.entry.path_display,
			blob: Blob.fromBuffer(encodeDoc(pieces)),
			clientModified: loc.entry.client_modified,
			modifiedBy: c.account.account_id,
			paperRevision: current + 1,
		});
		return { paper_revision: entry.paper_revision };
	},
};
