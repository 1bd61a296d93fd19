// @ts-check
'use strict';

const { routeError, badInput } = require('../answers');
const { contentHash } = require('../content-hash');
const { secret } = require('../ids');
const T = require('../files/types');
const { decodeArg } = require('../files/common');
const { callerOf, guard, mustBeFile, mustBeFolder, lookupFail, Fail, inside, MAX_FILES } = require('../files/ops');
const { fileMetadata, folderMetadata, exportInfo, extensionOf } = require('../files/meta');
const { png, jpeg, webp, pdf, imageSize } = require('../files/media');
const { zipArchive } = require('../files/zip');
const { exportDoc } = require('../files/paper');

/**
 * Routes that hand out file bytes or things made from them: download, download_zip, export,
 * get_preview, the thumbnails, and temporary links.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../dispatch').Download} Download
 * @typedef {import('../store').Entry} Entry
 */

const GIB = 1024 ** 3;
const wrapPath = (/** @type {any} */ v) => ({ '.tag': 'path', path: v });

/**
 * A file to read: the path's entry, or (deprecated `rev` argument) one of its revisions.
 * @param {Context} ctx @param {{ path: string, rev?: string | null }} arg
 */
function readable(ctx, arg) {
	const c = callerOf(ctx);
	const loc = mustBeFile(c, arg.path);
	let entry = loc.entry;
	if (arg.rev) {
		const revision = c.store.revisions.get(arg.rev);
		if (!revision || revision.ns !== loc.ns || revision.entry.id !== entry.id) throw lookupFail('not_found');
		entry = revision.entry;
	}
	return { c, loc, entry };
}

/**
 * An HTTP Range header against a size: [start, end) or 'unsatisfiable'; undefined for the whole.
 * @param {string | undefined} header @param {number} size
 */
function range(header, size) {
	const m = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!m || (m[1] === '' && m[2] === '')) return undefined;
	let start;
	let end;
	if (m[1] === '') {
		start = Math.max(0, size - Number(m[2]));
		end = size;
	} else {
		start = Number(m[1]);
		end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
	}
	if (start >= size || start >= end) return 'unsatisfiable';
	return { start, end };
}

/** Extensions get_thumbnail converts. */
const THUMBNAIL_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'tiff', 'tif', 'gif', 'webp', 'ppm', 'bmp']);
/** Extensions get_preview turns into a PDF, and into HTML (files.stone, route get_preview). */
const PDF_PREVIEW = new Set(['ai', 'doc', 'docm', 'docx', 'eps', 'gdoc', 'gslides', 'odp', 'odt', 'pps', 'ppsm', 'ppsx', 'ppt', 'pptm', 'pptx', 'rtf']);
const HTML_PREVIEW = new Set(['csv', 'ods', 'xls', 'xlsm', 'gsheet', 'xlsx']);
const MAX_THUMBNAIL_SOURCE = 20 * 1024 * 1024;

/** The first bytes of a blob (image headers). @param {import('../blob').Blob} blob */
async function head(blob) {
	const chunks = [];
	let n = 0;
	for await (const chunk of blob.stream(0, Math.min(blob.size, 256 * 1024))) {
		chunks.push(/** @type {Buffer} */ (chunk));
		n += chunk.length;
	}
	return Buffer.concat(chunks, n);
}

/**
 * Thumbnail dimensions for a size and mode, from the source's dimensions when known.
 * @param {string} size e.g. "w64h64" @param {string} mode @param {{ width: number, height: number } | undefined} source
 */
function thumbnailSize(size, mode, source) {
	const [, w, h] = /** @type {RegExpExecArray} */ (/^w(\d+)h(\d+)$/.exec(size)).map(Number);
	const src = source ?? { width: w, height: h };
	/** @param {number} bw @param {number} bh @param {'fit'|'cover'} how */
	const scaled = (bw, bh, how) => {
		const s = Math.min(1, how === 'fit' ? Math.min(bw / src.width, bh / src.height) : Math.max(bw / src.width, bh / src.height));
		return { width: Math.max(1, Math.round(src.width * s)), height: Math.max(1, Math.round(src.height * s)) };
	};
	const area = (/** @type {{ width: number, height: number }} */ d) => d.width * d.height;
	if (mode === 'original') return { width: Math.min(src.width, 4096), height: Math.min(src.height, 4096) };
	if (mode === 'strict') return scaled(w, h, 'fit');
	const how = mode === 'bestfit' ? 'fit' : 'cover';
	const a = scaled(w, h, how);
	const b = scaled(h, w, how);
	return how === 'fit' ? (area(a) >= area(b) ? a : b) : area(a) <= area(b) ? a : b;
}

/**
 * Thumbnail bytes for a file, or a ThumbnailError value.
 * @param {Entry} entry @param {any} arg
 * @returns {Promise<{ bytes: Buffer } | { error: any }>}
 */
async function thumbnail(entry, arg) {
	if (!THUMBNAIL_EXTENSIONS.has(extensionOf(entry.name))) return { error: { '.tag': 'unsupported_extension' } };
	const blob = /** @type {import('../blob').Blob} */ (entry.blob);
	if (blob.size > MAX_THUMBNAIL_SOURCE) return { error: { '.tag': 'unsupported_image' } };
	const { width, height } = thumbnailSize(arg.size['.tag'], arg.mode['.tag'], imageSize(await head(blob)));
	const format = arg.format['.tag'];
	return { bytes: format === 'png' ? png(width, height) : format === 'webp' ? webp(width, height) : jpeg(width, height) };
}

/** @param {Entry} entry @param {string} format */
async function exported(entry, format) {
	const raw = await /** @type {import('../blob').Blob} */ (entry.blob).read();
	if (extensionOf(entry.name) !== 'paper') return raw;
	return exportDoc(raw, /** @type {import('../files/paper').PaperFormat} */ (format));
}

/** A small HTML table of a spreadsheet-like file (CSV shown as it is). @param {Entry} entry */
async function htmlPreview(entry) {
	const blob = /** @type {import('../blob').Blob} */ (entry.blob);
	const text = extensionOf(entry.name) === 'csv' && blob.size < 1024 * 1024 ? (await blob.read()).toString('utf8') : '';
	const esc = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
	const rows = text
		.split(/\r?\n/)
		.filter(Boolean)
		.slice(0, 100)
		.map((line) => `<tr>${line.split(',').map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`)
		.join('');
	return Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(entry.name)}</title></head><body><table>${rows}</table></body></html>`, 'utf8');
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'files/download': async (ctx) => {
		const arg = decodeArg(ctx, T.DownloadArg);
		const { c, loc, entry } = guard(() => readable(ctx, arg), wrapPath);
		if (exportInfo(entry)) throw routeError({ '.tag': 'unsupported_file' });
		const blob = /** @type {import('../blob').Blob} */ (entry.blob);
		const result = fileMetadata(c.store, loc.ns, entry, loc.prefix, { viewer: c.account.account_id });
		const r = range(/** @type {string | undefined} */ (ctx.req.headers.range), blob.size);
		if (r === 'unsatisfiable') return /** @type {Download} */ ({ result, content: Buffer.alloc(0), status: 416, headers: { 'Content-Range': `bytes */${blob.size}` } });
		if (r)
			return /** @type {Download} */ ({
				result,
				content: blob.stream(r.start, r.end),
				status: 206,
				headers: { 'Content-Length': String(r.end - r.start), 'Content-Range': `bytes ${r.start}-${r.end - 1}/${blob.size}`, 'Accept-Ranges': 'bytes' },
			});
		return /** @type {Download} */ ({ result, content: blob.stream(), headers: { 'Content-Length': String(blob.size), 'Accept-Ranges': 'bytes' } });
	},

	'files/download_zip': async (ctx) => {
		const arg = decodeArg(ctx, T.DownloadZipArg);
		const c = callerOf(ctx);
		const { store } = c;
		const loc = guard(() => {
			const l = mustBeFolder(c, arg.path);
			if (!l.entry) throw lookupFail('not_folder');
			return l;
		}, wrapPath);
		const folder = /** @type {Entry} */ (loc.entry);
		/** @type {import('../files/zip').ZipItem[]} */
		const items = [{ name: `${folder.name}/`, modified: new Date() }];
		/** @param {string} nsId @param {string} base @param {string} baseDisplay @param {string} prefix */
		const addTree = (nsId, base, baseDisplay, prefix) => {
			for (const e of store.descendants(nsId, base)) {
				if (!store.visibleTo(c.account, e)) continue;
				const name = prefix + e.path_display.slice(baseDisplay.length + 1);
				if (e.tag === 'folder') {
					items.push({ name: `${name}/`, modified: new Date() });
					if (e.mountedNamespaceId) addTree(e.mountedNamespaceId, '', '', `${name}/`);
				} else if (!exportInfo(e)) items.push({ name, modified: new Date(e.server_modified ?? Date.now()), blob: e.blob });
				if (items.length >= MAX_FILES) throw routeError({ '.tag': 'too_many_files' });
			}
		};
		const within = inside(loc);
		addTree(within.ns, within.lower, within.display, `${folder.name}/`);
		const sizes = items.map((i) => i.blob?.size ?? 0);
		// Dropbox: files under 4 GB, folder under 20 GB. Without ZIP64 this archive must also stay under 4 GiB.
		if (sizes.some((s) => s >= 4 * GIB) || sizes.reduce((a, b) => a + b, 0) >= 4 * GIB - 64 * 1024 * 1024) throw routeError({ '.tag': 'too_large' });
		for (const item of items) if (item.blob) item.crc = await item.blob.crc32();
		const archive = zipArchive(items);
		return /** @type {Download} */ ({
			result: { metadata: folderMetadata(store, loc.ns, folder, loc.prefix) },
			content: archive.stream(),
			headers: { 'Content-Length': String(archive.size) },
		});
	},

	'files/export': async (ctx) => {
		const arg = decodeArg(ctx, T.ExportArg);
		const c = callerOf(ctx);
		const loc = guard(() => mustBeFile(c, arg.path), wrapPath);
		const info = exportInfo(loc.entry);
		if (!info) throw routeError({ '.tag': 'non_exportable' });
		const format = arg.export_format ?? info.as;
		if (!info.options.includes(format)) throw routeError({ '.tag': 'invalid_export_format' });
		const bytes = await exported(loc.entry, format);
		const stem = loc.entry.name.slice(0, loc.entry.name.lastIndexOf('.'));
		const ext = format === 'markdown' ? 'md' : format === 'plain_text' ? 'txt' : format;
		return /** @type {Download} */ ({
			result: {
				export_metadata: {
					name: `${stem}.${ext}`,
					size: bytes.length,
					export_hash: contentHash(bytes),
					...(loc.entry.paper_revision !== undefined && { paper_revision: loc.entry.paper_revision }),
				},
				file_metadata: fileMetadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id }),
			},
			content: bytes,
		});
	},

	'files/get_preview': async (ctx) => {
		const arg = decodeArg(ctx, T.PreviewArg);
		const { c, loc, entry } = guard(() => readable(ctx, arg), wrapPath);
		const ext = extensionOf(entry.name);
		/** @type {Buffer} */
		let bytes;
		// Assumed: answered as application/octet-stream like every download-style route.
		if (PDF_PREVIEW.has(ext)) bytes = pdf([entry.name, `${entry.size} bytes`, `rev ${entry.rev}`]);
		else if (HTML_PREVIEW.has(ext)) bytes = await htmlPreview(entry);
		else throw routeError({ '.tag': 'unsupported_extension' });
		return /** @type {Download} */ ({ result: fileMetadata(c.store, loc.ns, entry, loc.prefix, { viewer: c.account.account_id }), content: bytes });
	},

	'files/get_thumbnail': async (ctx) => {
		const arg = decodeArg(ctx, T.ThumbnailArg);
		const c = callerOf(ctx);
		const loc = guard(() => mustBeFile(c, arg.path), wrapPath);
		const made = await thumbnail(loc.entry, arg);
		if ('error' in made) throw routeError(made.error);
		return /** @type {Download} */ ({ result: fileMetadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id }), content: made.bytes });
	},

	'files/get_thumbnail_v2': async (ctx) => {
		const arg = decodeArg(ctx, T.ThumbnailV2Arg);
		if (arg.resource['.tag'] === 'link') {
			// No shared links exist in this stand-in yet (the sharing namespace will add them).
			throw routeError({ '.tag': 'not_found' });
		}
		if (ctx.caller.kind === 'app') throw badInput(ctx.route.id, 'App authentication only supports thumbnails of shared links.');
		const c = callerOf(ctx);
		const loc = guard(() => mustBeFile(c, arg.resource.path), wrapPath);
		const made = await thumbnail(loc.entry, arg);
		if ('error' in made) throw routeError(made.error);
		return /** @type {Download} */ ({
			result: { file_metadata: fileMetadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id }) },
			content: made.bytes,
		});
	},

	'files/get_thumbnail_batch': async (ctx) => {
		const arg = decodeArg(ctx, T.GetThumbnailBatchArg);
		if (arg.entries.length > 25) throw routeError({ '.tag': 'too_many_files' });
		const c = callerOf(ctx);
		const entries = [];
		for (const entry of arg.entries) {
			try {
				const loc = mustBeFile(c, entry.path);
				const made = await thumbnail(loc.entry, entry);
				if ('error' in made) entries.push({ '.tag': 'failure', failure: made.error });
				else
					entries.push({
						'.tag': 'success',
						metadata: fileMetadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id }),
						thumbnail: made.bytes.toString('base64'),
					});
			} catch (error) {
				if (!(error instanceof Fail)) throw error;
				entries.push({ '.tag': 'failure', failure: wrapPath(error.value) });
			}
		}
		return { entries };
	},

	'files/get_temporary_link': (ctx) => {
		const arg = decodeArg(ctx, T.GetTemporaryLinkArg);
		const c = callerOf(ctx);
		const loc = guard(() => mustBeFile(c, arg.path), wrapPath);
		if (exportInfo(loc.entry)) throw routeError({ '.tag': 'unsupported_file' });
		const token = secret(43);
		ctx.state.files.tempLinks.set(token, { ns: loc.ns, entry: loc.entry, expires: Date.now() + 4 * 3600 * 1000 });
		return {
			metadata: fileMetadata(c.store, loc.ns, loc.entry, loc.prefix, { viewer: c.account.account_id }),
			link: `${ctx.state.files.options.linkBase}/cd/0/get/${token}/file`,
		};
	},

	'files/get_temporary_upload_link': (ctx) => {
		const arg = decodeArg(ctx, T.GetTemporaryUploadLinkArg);
		const c = callerOf(ctx);
		const token = secret(22);
		ctx.state.files.uploadLinks.set(token, { accountId: c.account.account_id, root: c.root, commit: arg.commit_info, expires: Date.now() + arg.duration * 1000, used: false });
		return { link: `${ctx.state.files.options.linkBase}/apitul/1/${token}` };
	},
};
