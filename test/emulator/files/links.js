// @ts-check
'use strict';

const { Answer, text, json } = require('../answers');
const { BlobWriter } = require('../blob');
const { drain } = require('../body');
const { commitFile, Fail } = require('./ops');
const { contentTypeOf } = require('./mime');

/**
 * The two kinds of links the files routes hand out, served outside /2/:
 * - GET  <linkBase>/cd/0/get/<token>/file  (files/get_temporary_link): the file's bytes, 4 hours, Range too
 * - POST <linkBase>/apitul/1/<token>        (files/get_temporary_upload_link): one upload with the commit
 *   info given when the link was made; answers {"content-hash": ...}
 * linkBase is https://content.dropboxapi.com for a TLS stand-in (reached through the proxy) and the
 * stand-in's own http://127.0.0.1:<port> otherwise.
 */

/** @param {string} pathname */
const isLinkPath = (pathname) => /^\/cd\/0\/get\/[^/]+\/[^/]+$/.test(pathname) || /^\/apitul\/1\/[^/]+$/.test(pathname);

/**
 * @param {import('../dispatch').State} state @param {import('node:http').IncomingMessage} req @param {URL} url
 * @returns {Promise<Answer>}
 */
async function serveLink(state, req, url) {
	const files = state.files;
	const download = /^\/cd\/0\/get\/([^/]+)\/[^/]+$/.exec(url.pathname);
	if (download) {
		await drain(req);
		if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
		const link = files.tempLinks.get(download[1]);
		if (!link) return text(404, 'Not Found');
		if (Date.now() > link.expires) return text(410, 'Gone');
		const blob = /** @type {import('../blob').Blob} */ (link.entry.blob);
		const headers = {
			'Content-Type': contentTypeOf(link.entry.name),
			'Content-Disposition': `attachment; filename="${link.entry.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(link.entry.name)}`,
			'Accept-Ranges': 'bytes',
			Etag: `"${link.entry.rev}"`,
		};
		const m = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
		if (m && Number(m[1]) < blob.size) {
			const start = Number(m[1]);
			const end = m[2] === '' ? blob.size : Math.min(blob.size, Number(m[2]) + 1);
			const body = req.method === 'HEAD' ? '' : blob.stream(start, end);
			return new Answer(206, body, { ...headers, 'Content-Length': String(end - start), 'Content-Range': `bytes ${start}-${end - 1}/${blob.size}` });
		}
		if (req.method === 'HEAD') return new Answer(200, '', { ...headers, 'Content-Length': String(blob.size) });
		return new Answer(200, blob.stream(), { ...headers, 'Content-Length': String(blob.size) });
	}

	const token = /** @type {RegExpExecArray} */ (/^\/apitul\/1\/([^/]+)$/.exec(url.pathname))[1];
	if (req.method !== 'POST') {
		await drain(req);
		return text(405, 'Method Not Allowed', { Allow: 'POST' });
	}
	const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/octet-stream' && type !== 'text/plain') {
		await drain(req);
		return text(400, 'Content-Type must be application/octet-stream or text/plain.');
	}
	const link = files.uploadLinks.get(token);
	if (!link) {
		await drain(req);
		return text(409, 'Temporary upload link does not exist or is currently unavailable.');
	}
	if (link.used) {
		await drain(req);
		return text(410, 'Temporary upload link has been recently consumed.');
	}
	if (Date.now() > link.expires) {
		await drain(req);
		return text(410, 'Temporary upload link has expired.');
	}
	link.used = true;
	const writer = new BlobWriter(state.store.blobs);
	for await (const chunk of req) await writer.write(chunk);
	const blob = await writer.finish();
	const account = state.store.accounts.get(link.accountId);
	if (!account) return text(409, 'The upload failed.');
	try {
		commitFile({ store: state.store, account, root: link.root }, link.commit.path, blob, link.commit);
	} catch (error) {
		if (error instanceof Fail) return text(409, 'The upload failed: the commit info does not fit the Dropbox any more.');
		throw error;
	}
	return json(200, { 'content-hash': blob.contentHash });
}

module.exports = { isLinkPath, serveLink };
