// @ts-check
'use strict';

/**
 * A small Stone decoder: argument types written as validators, decoded the way Dropbox's strict JSON
 * decoder does (stone_serializers.py / stone_validators.py), with the same messages, so a bad nested
 * argument answers the same 400 as at Dropbox ("request body: commit.mode: unknown tag 'x'"). Decoding
 * fills in defaults. dispatch.js already checked top-level unknown and missing fields.
 *
 * @typedef {(value: any) => any} Validator   throws StoneError
 */

class StoneError extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		/** @type {string[]} innermost first */
		this.parents = [];
	}

	/** Stone's rendering: "a.b.c: message". */
	toString() {
		return this.parents.length ? `${[...this.parents].reverse().join('.')}: ${this.message}` : this.message;
	}
}

/** @param {string} message */
const fail = (message) => new StoneError(message);

/** Python's repr of a JSON value, as Stone's messages print it (%r). @param {unknown} v @returns {string} */
function pyRepr(v) {
	if (v === null || v === undefined) return 'None';
	if (v === true) return 'True';
	if (v === false) return 'False';
	if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
	if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
	return `{${Object.entries(/** @type {object} */ (v)).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** Python's str() of a value (get_value_string): strings as they are, the rest as repr. @param {unknown} v */
function pyStr(v) {
	const s = typeof v === 'string' ? v : pyRepr(v);
	return s.length > 1000 ? `${s.slice(0, 1000)} [The string has been truncated due to its length]` : s;
}

/** stone generic_type_name @param {unknown} v */
function typeName(v) {
	if (typeof v === 'boolean') return 'boolean';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
	if (Array.isArray(v)) return 'list';
	if (typeof v === 'string') return 'string';
	if (v === null || v === undefined) return 'null';
	return 'dict';
}

/** @type {Validator} */
const bool = (v) => {
	if (typeof v !== 'boolean') throw fail(`${pyRepr(v)} is not a valid boolean`);
	return v;
};

/**
 * @param {number} lo @param {number} hi
 * @returns {(options?: { min?: number, max?: number }) => Validator}
 */
const integer = (lo, hi) => ({ min = lo, max = hi } = {}) => (v) => {
	if (typeof v !== 'number' || typeof v === 'boolean' || !Number.isInteger(v)) {
		if (typeof v === 'boolean') {
			// Python booleans are integers: True passes as 1 unless the range forbids it.
			const n = v ? 1 : 0;
			if (n < min || n > max) throw fail(`${n} is not within range [${min}, ${max}]`);
			return n;
		}
		throw fail(`expected integer, got ${typeName(v)}`);
	}
	if (v < min || v > max) throw fail(`${v} is not within range [${min}, ${max}]`);
	return v;
};
const uint32 = integer(0, 2 ** 32 - 1);
const uint64 = integer(0, Number.MAX_SAFE_INTEGER);
const int64 = integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

/** @param {number} n */
const pyFloat = (n) => n.toFixed(6);

/** @param {{ min?: number, max?: number }} [options] @returns {Validator} */
const float64 = ({ min, max } = {}) => (v) => {
	if (typeof v !== 'number' && typeof v !== 'boolean') throw fail(`expected real number, got ${typeName(v)}`);
	const n = Number(v);
	if (!Number.isFinite(n)) throw fail(`${n} values are not supported`);
	if (min !== undefined && n < min) throw fail(`${pyFloat(n)} is not greater than ${pyFloat(min)}`);
	if (max !== undefined && n > max) throw fail(`${pyFloat(n)} is not less than ${pyFloat(max)}`);
	return n;
};

/**
 * @param {{ min?: number, max?: number, pattern?: string, re?: RegExp }} [options]
 *   `pattern` as the spec writes it (shown in messages); `re` when JavaScript needs a different spelling.
 * @returns {Validator}
 */
const str = ({ min, max, pattern, re } = {}) => {
	const matcher = re ?? (pattern !== undefined ? new RegExp(`^(?:${pattern})$`) : undefined);
	return (v) => {
		if (typeof v !== 'string') throw fail(`'${pyStr(v)}' expected to be a string, got ${typeName(v)}`);
		const length = [...v].length;
		if (max !== undefined && length > max) throw fail(`'${pyStr(v)}' must be at most ${max} characters, got ${length}`);
		if (min !== undefined && length < min) throw fail(`'${pyStr(v)}' must be at least ${min} characters, got ${length}`);
		if (matcher && !matcher.test(v)) throw fail(`'${pyStr(v)}' did not match pattern '${pattern}'`);
		return v;
	};
};

/** common.DropboxTimestamp: "%Y-%m-%dT%H:%M:%SZ" @type {Validator} */
const timestamp = (v) => {
	if (typeof v !== 'string') throw fail(`strptime() argument 1 must be str, not ${typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'list' : 'dict'}`);
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z/.exec(v);
	const valid =
		m &&
		+m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate() &&
		+m[4] <= 23 && +m[5] <= 59 && +m[6] <= 61;
	if (!valid) throw fail(`time data ${pyRepr(v)} does not match format '%Y-%m-%dT%H:%M:%SZ'`);
	if (m[0].length < v.length) throw fail(`unconverted data remains: ${v.slice(m[0].length)}`);
	return v;
};

/** @param {Validator} item @param {{ min?: number, max?: number }} [options] @returns {Validator} */
const list = (item, { min, max } = {}) => (v) => {
	if (!Array.isArray(v)) throw fail(`expected list, got ${typeName(v)}`);
	if (max !== undefined && v.length > max) throw fail(`${pyRepr(pyStr(v))} has more than ${max} items`);
	if (min !== undefined && v.length < min) throw fail(`${pyRepr(pyStr(v))} has fewer than ${min} items`);
	return v.map(item);
};

/** A value of a type this stand-in does not look into (property groups, template filters). @type {Validator} */
const any = (v) => v;

const NULLABLE = Symbol('nullable');
/** @param {Validator} inner @returns {Validator} */
const nullable = (inner) => Object.assign((/** @type {any} */ v) => (v === null || v === undefined ? null : inner(v)), { [NULLABLE]: true });
/** @param {Validator} v */
const isNullable = (v) => Boolean(/** @type {any} */ (v)[NULLABLE]);

const STRUCT = Symbol('struct');
const VOID = null;

/**
 * A struct: fields in definition order (parents' fields first). A field is [name, validator] (required,
 * or optional when the validator is nullable) or [name, validator, default].
 * @param {Array<[string, Validator] | [string, Validator, unknown]>} fields
 * @returns {Validator}
 */
function struct(fields) {
	const names = new Set(fields.map(([n]) => n));
	const allDefault = fields.every((f) => f.length === 3 || isNullable(f[1]));
	/** @type {Validator} */
	const decode = (v) => {
		if ((v === null || v === undefined) && allDefault) v = {};
		else if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(`expected object, got ${typeName(v)}`);
		for (const key of Object.keys(v)) if (!names.has(key) && !key.startsWith('.tag')) throw fail(`unknown field '${key}'`);
		/** @type {Record<string, unknown>} */
		const out = {};
		for (const field of fields) {
			const [name, validator] = field;
			if (name in v) {
				try {
					out[name] = validator(v[name]);
				} catch (error) {
					if (error instanceof StoneError) error.parents.push(name);
					throw error;
				}
			} else if (field.length === 3) out[name] = structuredClone(field[2]);
			else if (isNullable(validator)) out[name] = null;
		}
		for (const field of fields) if (field.length === 2 && !isNullable(field[1]) && !(field[0] in v)) throw fail(`missing required field '${field[0]}'`);
		return out;
	};
	return Object.assign(decode, { [STRUCT]: true });
}

/**
 * A union: member -> validator, or VOID (null). Decoded to { '.tag': tag, [tag]?: value } (struct
 * members: the struct's fields beside the tag, as on the wire).
 * @param {Record<string, Validator | null>} members
 * @returns {Validator}
 */
function union(members) {
	return (v) => {
		if (typeof v === 'string') {
			if (!(v in members)) throw fail(`unknown tag '${v}'`);
			const m = members[v];
			if (m !== VOID && !isNullable(m)) throw fail(`expected object for '${v}', got symbol`);
			return { '.tag': v };
		}
		if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(`expected string or object, got ${typeName(v)}`);
		if (!('.tag' in v)) throw fail("missing '.tag' key");
		const tag = v['.tag'];
		if (typeof tag !== 'string') throw fail(`tag must be string, got ${typeName(tag)}`);
		if (!(tag in members)) throw fail(`unknown tag '${tag}'`);
		const m = members[tag];
		if (m === VOID) {
			if (tag in v && v[tag] !== null) throw fail(`expected null, got ${typeName(v[tag])}`);
			for (const key of Object.keys(v)) if (key !== tag && key !== '.tag') throw fail(`unexpected key '${key}'`);
			return { '.tag': tag };
		}
		if (/** @type {any} */ (m)[STRUCT]) {
			try {
				return { '.tag': tag, ...m(v) };
			} catch (error) {
				if (error instanceof StoneError) error.parents.push(tag);
				throw error;
			}
		}
		let value = null;
		if (tag in v) {
			try {
				value = m(v[tag]);
			} catch (error) {
				if (error instanceof StoneError) error.parents.push(tag);
				throw error;
			}
		} else if (!isNullable(m)) throw fail(`missing '${tag}' key`);
		for (const key of Object.keys(v)) if (key !== tag && key !== '.tag') throw fail(`unexpected key '${key}'`);
		return value === null ? { '.tag': tag } : { '.tag': tag, [tag]: value };
	};
}

module.exports = {
	StoneError,
	VOID,
	bool,
	uint32,
	uint64,
	int64,
	float64,
	str,
	timestamp,
	list,
	any,
	nullable,
	struct,
	union,
	pyRepr,
	typeName,
};
