// @ts-check
'use strict';

/**
 * Argument types of the files namespace, transcribed from files.stone (and async.stone), for the
 * decoder in ../stone.js. Patterns are shown in messages as the spec writes them.
 */

const S = require('../stone');
const { VOID, bool, uint32, uint64, int64, float64, str, timestamp, list, nullable, struct, union } = S;
const FP = require('./properties').T;

const P = {
	Path: String.raw`/(.|[\r\n])*`,
	PathR: String.raw`(/(.|[\r\n])*)?|(ns:[0-9]+(/(.|[\r\n])*)?)`,
	PathROrId: String.raw`(/(.|[\r\n])*)?|id:.*|(ns:[0-9]+(/(.|[\r\n])*)?)`,
	PathOrId: String.raw`/(.|[\r\n])*|id:.*|(ns:[0-9]+(/(.|[\r\n])*)?)`,
	ReadPath: String.raw`(/(.|[\r\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/(.|[\r\n])*)?)`,
	WritePath: String.raw`(/(.|[\r\n])*)|(ns:[0-9]+(/(.|[\r\n])*)?)`,
	WritePathOrId: String.raw`(/(.|[\r\n])*)|(ns:[0-9]+(/(.|[\r\n])*)?)|(id:.*)`,
};

// Python's "." matches anything but "\n"; JavaScript's also refuses "\r", U+2028 and U+2029.
/** @param {string} pattern */
const pyRe = (pattern) => new RegExp(`^(?:${pattern.replace(/\(\.\|\[\\r\\n\]\)/g, '[^]').replace(/\.\*/g, '[^\\n]*').replace(/\.\+/g, '[^\\n]+')})$`);

const Path = str({ pattern: P.Path, re: pyRe(P.Path) });
const PathROrId = str({ pattern: P.PathROrId, re: pyRe(P.PathROrId) });
const PathOrId = str({ pattern: P.PathOrId, re: pyRe(P.PathOrId) });
const ReadPath = str({ pattern: P.ReadPath, re: pyRe(P.ReadPath) });
const WritePath = str({ pattern: P.WritePath, re: pyRe(P.WritePath) });
const WritePathOrId = str({ pattern: P.WritePathOrId, re: pyRe(P.WritePathOrId) });
const Rev = str({ min: 9, pattern: '[0-9a-f]+' });
const Sha256HexHash = str({ min: 64, max: 64 });
const AsyncJobId = str({ min: 1 });
const AccountId = str({ min: 40, max: 40 });
const TagText = str({ min: 1, max: 32, pattern: '[\\w]+', re: /^[\p{L}\p{N}\p{Mn}\p{Pc}]+$/u });

const WriteMode = union({ add: VOID, overwrite: VOID, update: Rev });
const CommitInfoFields = /** @type {Array<[string, S.Validator] | [string, S.Validator, unknown]>} */ ([
	['path', WritePathOrId],
	['mode', WriteMode, { '.tag': 'add' }],
	['autorename', bool, false],
	['client_modified', nullable(timestamp)],
	['mute', bool, false],
	['property_groups', nullable(list(FP.PropertyGroup))],
	['strict_conflict', bool, false],
]);
const CommitInfo = struct(CommitInfoFields);
const UploadArg = struct([...CommitInfoFields, ['content_hash', nullable(Sha256HexHash)]]);

const UploadSessionCursor = struct([
	['session_id', str()],
	['offset', uint64()],
]);
const UploadSessionType = union({ sequential: VOID, concurrent: VOID });
const UploadSessionStartArg = struct([
	['close', bool, false],
	['session_type', nullable(UploadSessionType)],
	['content_hash', nullable(Sha256HexHash)],
]);
const UploadSessionAppendArg = struct([
	['cursor', UploadSessionCursor],
	['close', bool, false],
	['content_hash', nullable(Sha256HexHash)],
]);
const UploadSessionFinishArg = struct([
	['cursor', UploadSessionCursor],
	['commit', CommitInfo],
	['content_hash', nullable(Sha256HexHash)],
]);
const UploadSessionStartBatchArg = struct([
	['session_type', nullable(UploadSessionType)],
	['num_sessions', uint64({ min: 1, max: 1000 })],
]);
const UploadSessionAppendBatchArg = struct([
	[
		'entries',
		list(
			struct([
				['cursor', UploadSessionCursor],
				['length', uint64()],
				['close', bool, false],
			]),
			{ max: 1000 },
		),
	],
	['content_hash', nullable(Sha256HexHash)],
]);
const UploadSessionFinishBatchArg = struct([['entries', list(UploadSessionFinishArg, { max: 1000 })]]);

const DownloadArg = struct([
	['path', ReadPath],
	['rev', nullable(Rev)],
]);
const DownloadZipArg = struct([['path', ReadPath]]);
const ExportArg = struct([
	['path', ReadPath],
	['export_format', nullable(str())],
]);
const PreviewArg = DownloadArg;

const ThumbnailFormat = union({ jpeg: VOID, png: VOID, webp: VOID });
const ThumbnailSize = union({
	w32h32: VOID,
	w64h64: VOID,
	w128h128: VOID,
	w256h256: VOID,
	w480h320: VOID,
	w640h480: VOID,
	w960h640: VOID,
	w1024h768: VOID,
	w2048h1536: VOID,
});
const ThumbnailMode = union({ strict: VOID, bestfit: VOID, fitone_bestfit: VOID, original: VOID });
const ThumbnailQuality = union({ quality_80: VOID, quality_90: VOID });
const thumbnailOptions = /** @type {Array<[string, S.Validator] | [string, S.Validator, unknown]>} */ ([
	['format', ThumbnailFormat, { '.tag': 'jpeg' }],
	['size', ThumbnailSize, { '.tag': 'w64h64' }],
	['mode', ThumbnailMode, { '.tag': 'strict' }],
	['quality', ThumbnailQuality, { '.tag': 'quality_80' }],
	['exclude_media_info', nullable(bool)],
]);
const ThumbnailArg = struct([['path', ReadPath], ...thumbnailOptions]);
const SharedLinkFileInfo = struct([
	['url', str()],
	['path', nullable(str())],
	['password', nullable(str())],
]);
const PathOrLink = union({ path: ReadPath, link: SharedLinkFileInfo });
const ThumbnailV2Arg = struct([['resource', PathOrLink], ...thumbnailOptions]);
const GetThumbnailBatchArg = struct([['entries', list(ThumbnailArg)]]);

const GetMetadataArg = struct([
	['path', ReadPath],
	['include_media_info', bool, false],
	['include_deleted', bool, false],
	['include_has_explicit_shared_members', bool, false],
	['include_property_groups', nullable(FP.TemplateFilterBase)],
]);
const CreateFolderArg = struct([
	['path', WritePath],
	['autorename', bool, false],
]);
const CreateFolderBatchArg = struct([
	['paths', list(WritePath, { max: 10000 })],
	['autorename', bool, false],
	['force_async', bool, false],
]);
const PollArg = struct([['async_job_id', AsyncJobId]]);
const DeleteArg = struct([
	['path', WritePathOrId],
	['parent_rev', nullable(Rev)],
]);
const DeleteBatchArg = struct([['entries', list(DeleteArg, { max: 1000 })]]);
const RelocationPathFields = /** @type {Array<[string, S.Validator]>} */ ([
	['from_path', WritePathOrId],
	['to_path', WritePathOrId],
]);
const RelocationArg = struct([
	...RelocationPathFields,
	['allow_shared_folder', bool, false],
	['autorename', bool, false],
	['allow_ownership_transfer', bool, false],
]);
const RelocationPath = struct(RelocationPathFields);
const CopyBatchArg = struct([
	['entries', list(RelocationPath, { min: 1, max: 1000 })],
	['autorename', bool, false],
]);
const MoveBatchArg = struct([
	['entries', list(RelocationPath, { min: 1, max: 1000 })],
	['autorename', bool, false],
	['allow_ownership_transfer', bool, false],
]);
const ListRevisionsArg = struct([
	['path', PathOrId],
	['mode', union({ path: VOID, id: VOID }), { '.tag': 'path' }],
	['limit', uint64({ min: 1, max: 100 }), 10],
	['before_rev', nullable(Rev)],
	['include_restorable_info', bool, false],
]);
const RestoreArg = struct([
	['path', WritePath],
	['rev', Rev],
]);
const GetTemporaryLinkArg = struct([['path', ReadPath]]);
const GetTemporaryUploadLinkArg = struct([
	['commit_info', CommitInfo],
	['duration', float64({ min: 60, max: 14400 }), 14400],
]);
const LockFileBatchArg = struct([['entries', list(struct([['path', WritePathOrId]]))]]);
const SaveUrlArg = struct([
	['path', Path],
	['url', str()],
]);
const GetCopyReferenceArg = struct([['path', ReadPath]]);
const SaveCopyReferenceArg = struct([
	['copy_reference', str()],
	['path', Path],
]);
const TagArg = struct([
	['path', Path],
	['tag_text', TagText],
]);
const GetTagsArg = struct([['paths', list(Path)]]);

const FileCategory = union({
	image: VOID,
	document: VOID,
	pdf: VOID,
	spreadsheet: VOID,
	presentation: VOID,
	audio: VOID,
	video: VOID,
	folder: VOID,
	paper: VOID,
	others: VOID,
});
const SearchOptions = struct([
	['path', nullable(PathROrId)],
	['max_results', uint64({ min: 1, max: 1000 }), 100],
	['order_by', nullable(union({ relevance: VOID, last_modified_time: VOID }))],
	['file_status', union({ active: VOID, deleted: VOID }), { '.tag': 'active' }],
	['filename_only', bool, false],
	['file_extensions', nullable(list(str()))],
	['file_categories', nullable(list(FileCategory))],
	['account_id', nullable(AccountId)],
]);
const SearchV2Arg = struct([
	['query', str({ max: 1000 })],
	['options', nullable(SearchOptions)],
	['match_field_options', nullable(struct([['include_highlights', bool, false]]))],
	['include_highlights', nullable(bool)],
]);
const CursorArg = struct([['cursor', str({ min: 1 })]]);

const SharedLink = struct([
	['url', str()],
	['password', nullable(str())],
]);
const ListFolderArg = struct([
	['path', PathROrId],
	['recursive', bool, false],
	['include_media_info', bool, false],
	['include_deleted', bool, false],
	['include_has_explicit_shared_members', bool, false],
	['include_mounted_folders', bool, true],
	['limit', nullable(uint32({ min: 1, max: 2000 }))],
	['shared_link', nullable(SharedLink)],
	['include_property_groups', nullable(FP.TemplateFilterBase)],
	['include_non_downloadable_files', bool, true],
	['include_restorable_info', bool, false],
]);
const ListFolderLongpollArg = struct([
	['cursor', str({ min: 1 })],
	['timeout', uint64({ min: 30, max: 480 }), 30],
]);

const ImportFormat = union({ html: VOID, markdown: VOID, plain_text: VOID });
const PaperCreateArg = struct([
	['path', Path],
	['import_format', ImportFormat],
]);
const PaperUpdateArg = struct([
	['path', WritePathOrId],
	['import_format', ImportFormat],
	['doc_update_policy', union({ update: VOID, overwrite: VOID, prepend: VOID, append: VOID })],
	['paper_revision', nullable(int64())],
]);

module.exports = {
	P,
	PaperCreateArg,
	PaperUpdateArg,
	UploadArg,
	CommitInfo,
	UploadSessionCursor,
	UploadSessionStartArg,
	UploadSessionAppendArg,
	UploadSessionFinishArg,
	UploadSessionStartBatchArg,
	UploadSessionAppendBatchArg,
	UploadSessionFinishBatchArg,
	DownloadArg,
	DownloadZipArg,
	ExportArg,
	PreviewArg,
	ThumbnailArg,
	ThumbnailV2Arg,
	GetThumbnailBatchArg,
	GetMetadataArg,
	CreateFolderArg,
	CreateFolderBatchArg,
	PollArg,
	DeleteArg,
	DeleteBatchArg,
	RelocationArg,
	CopyBatchArg,
	MoveBatchArg,
	ListRevisionsArg,
	RestoreArg,
	GetTemporaryLinkArg,
	GetTemporaryUploadLinkArg,
	LockFileBatchArg,
	SaveUrlArg,
	GetCopyReferenceArg,
	SaveCopyReferenceArg,
	TagArg,
	GetTagsArg,
	SearchV2Arg,
	CursorArg,
	ListFolderArg,
	ListFolderLongpollArg,
};
