// @ts-check
/**
 * An in-memory stand-in for n8n's credential store and its CredentialsHelper (packages/cli in n8n,
 * which n8n-core only sees through the ICredentialsHelper interface). What it does mirrors
 * n8n 2.41.1's CLI helper where a node can observe it: defaults of the credential type (and its
 * parents) are applied, expressions such as a hidden `scope` built from `$self[...]` are resolved,
 * and OAuth token refreshes are written back to the store.
 */
'use strict';

const { getAdditionalKeys } = require('n8n-core');
const { deepCopy, ICredentialsHelper, isExpression, NodeHelpers } = require('n8n-workflow');

/**
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} CredentialData
 * @typedef {import('n8n-workflow').ICredentialType} ICredentialType
 * @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions
 * @typedef {import('n8n-workflow').INodeCredentialsDetails} INodeCredentialsDetails
 * @typedef {import('n8n-workflow').INodeParameters} INodeParameters
 * @typedef {import('n8n-workflow').INodeProperties} INodeProperties
 * @typedef {{ type: string, data: CredentialData }} StoredCredential
 */

/**
 * n8n's built-in generic OAuth2 credential (n8n-nodes-base OAuth2Api, 2.41.1), reduced to the fields
 * the runtime reads. A credential with `extends = ['oAuth2Api']` inherits these, and
 * `getParentTypes()` containing 'oAuth2Api' is what sends httpRequestWithAuthentication down
 * n8n-core's OAuth2 path.
 * @implements {ICredentialType}
 */
class OAuth2Api {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	genericAuth = true;

	/** @type {INodeProperties[]} */
	properties = [
		{
			displayName: 'Use Dynamic Client Registration',
			name: 'useDynamicClientRegistration',
			type: 'hidden',
			default: false,
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
				{ name: 'PKCE', value: 'pkce' },
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'] } },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			required: true,
		},
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
		// Read by @n8n/client-oauth2 to decide how the client authenticates on the token endpoint.
		{
			displayName: 'Authentication',
			name: 'clientCredentialType',
			type: 'hidden',
			default: 'clientSecret',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'] } },
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
		// n8n's ignoreSSLIssues, tokenExpiredStatusCode and JWE fields are left out: they are
		// `doNotInherit`, so a credential extending oAuth2Api never has them.
	];
}

/** Fields n8n 2.41.1 takes from the credential type, never from stored data, when the type hides them. */
const OAUTH_PINNED_FIELDS = [
	'useDynamicClientRegistration',
	'authUrl',
	'accessTokenUrl',
	'grantType',
	'authentication',
	'usePkce',
	'requestTokenUrl',
	'signatureMethod',
];

class CredentialTypes {
	/** @param {ICredentialType[]} types */
	constructor(types) {
		/** @type {Map<string, ICredentialType>} */
		this.types = new Map();
		for (const type of [new OAuth2Api(), ...types]) this.types.set(type.name, type);
	}

	/** @param {string} name */
	get(name) {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}" (pass it in credentialTypes)`);
		return type;
	}

	/**
	 * All ancestors, as n8n's CredentialTypes.getParentTypes lists them.
	 * @param {string} name
	 * @returns {string[]}
	 */
	parentTypes(name) {
		const parents = [...(this.types.get(name)?.extends ?? [])];
		for (const parent of [...parents]) parents.push(...this.parentTypes(parent));
		return parents;
	}

	/**
	 * Own properties merged over the parents' ones, as n8n's CredentialsHelper.getCredentialsProperties does.
	 * @param {string} name
	 * @returns {INodeProperties[]}
	 */
	properties(name) {
		const type = this.get(name);
		if (type.extends === undefined) {
			if (name !== 'oAuth1Api' && name !== 'oAuth2Api') return type.properties;
			// The token data is no declared property; n8n adds it so that defaults do not drop it.
			return [
				...type.properties,
				{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', default: {} },
			];
		}
		/** @type {INodeProperties[]} */
		const merged = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.properties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, type.properties);
		return merged;
	}
}

/**
 * The methods n8n-core calls on additionalData.credentialsHelper. Parameters typed in
 * ICredentialsHelper (n8n-workflow) are not repeated here.
 */
class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {CredentialTypes} types
	 * @param {Record<string, StoredCredential>} store keyed by credential id; mutated by token refreshes
	 */
	constructor(types, store) {
		super();
		this.types = types;
		this.store = store;
	}

	/** @param {string} name */
	getParentTypes(name) {
		return this.types.parentTypes(name);
	}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.types.properties(type);
	}

	/**
	 * @param {string} credentialType
	 * @param {string} nodeType
	 */
	isCredentialUsableByNode(credentialType, nodeType) {
		const type = this.types.get(credentialType);
		if (!type.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some(
			(name) => nodeType === name || nodeType.endsWith(`.${name}`),
		);
	}

	/**
	 * @param {INodeCredentialsDetails} nodeCredentials
	 * @param {string} type
	 * @returns {StoredCredential}
	 */
	entry(nodeCredentials, type) {
		const entry = nodeCredentials.id ? this.store[nodeCredentials.id] : undefined;
		if (!entry || entry.type !== type) {
			// n8n's CredentialNotFoundError message
			throw new Error(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return entry;
	}

	/** @type {ICredentialsHelper['getDecrypted']} */
	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		// A copy, like decrypting a stored row: what the node does to it does not reach the store.
		const stored = deepCopy(this.entry(nodeCredentials, type).data);
		if (raw === true) return stored;

		const properties = this.types.properties(type);
		const data = /** @type {INodeParameters} */ ({ ...stored });
		for (const field of OAUTH_PINNED_FIELDS) {
			if (properties.some((p) => p.name === field && p.type === 'hidden')) delete data[field];
		}
		let decrypted = /** @type {CredentialData} */ (
			NodeHelpers.getNodeParameters(properties, data, true, false, null, null)
		);
		if (stored.oauthTokenData !== undefined) decrypted.oauthTokenData = stored.oauthTokenData;

		// n8n resolves credential expressions with $self = the credential data (a hidden scope built
		// from the visible scope choice, for instance).
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const v = expressionResolveValues;
			decrypted = /** @type {CredentialData} */ (
				v.workflow.expression.getParameterValue(
					/** @type {INodeParameters} */ (decrypted),
					v.runExecutionData,
					v.runIndex,
					v.itemIndex,
					v.node.name,
					v.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				)
			);
		}
		return decrypted;
	}

	/** @type {ICredentialsHelper['getCredentials']} */
	async getCredentials(nodeCredentials, type) {
		const entry = this.entry(nodeCredentials, type);
		// Only what n8n's own preAuthentication flow reads; nothing in n8n-core calls this.
		return /** @type {import('n8n-workflow').ICredentials} */ (
			/** @type {unknown} */ ({
				id: nodeCredentials.id ?? undefined,
				name: nodeCredentials.name,
				type,
				getData: () => deepCopy(entry.data),
			})
		);
	}

	/** @type {ICredentialsHelper['updateCredentials']} */
	async updateCredentials(nodeCredentials, type, data) {
		this.entry(nodeCredentials, type).data = deepCopy(data);
	}

	/**
	 * Called by n8n-core's requestOAuth2 after a refresh: only the token data is saved, as in n8n.
	 * @type {ICredentialsHelper['updateCredentialsOauthTokenData']}
	 */
	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const entry = this.entry(nodeCredentials, type);
		entry.data = { ...entry.data, oauthTokenData: deepCopy(data.oauthTokenData) };
	}

	/** @type {ICredentialsHelper['authenticate']} */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.types.get(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, /** @type {IHttpRequestOptions} */ (requestOptions));
		}
		if (authenticate?.type === 'generic' && workflow && node) {
			// e.g. { headers: { Authorization: '=Bearer {{$credentials.token}}' } }
			/** @param {string} value */
			const resolve = (value) =>
				isExpression(value)
					? String(
							workflow.expression.getSimpleParameterValue(node, value, 'internal', {
								$credentials: credentials,
							}) ?? '',
						)
					: value;
			const target = /** @type {Record<string, Record<string, unknown>>} */ (
				/** @type {unknown} */ (requestOptions)
			);
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(
					/** @type {Record<string, string>} */ (entries),
				)) {
					target[section][resolve(key)] = resolve(value);
				}
			}
		}
		return /** @type {IHttpRequestOptions} */ (requestOptions);
	}

	/** @type {ICredentialsHelper['preAuthentication']} */
	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		// n8n calls a type's preAuthentication when its hidden expirable field is empty or a request
		// got a 401, and saves what it returns (except over stored expressions).
		const type = this.types.get(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = /** @type {CredentialData | undefined} */ (
			await type.preAuthentication.call(helpers, credentials)
		);
		const nodeCredentials = node.credentials?.[typeName];
		if (output?.[expirable.name] === undefined || !nodeCredentials) return undefined;
		const entry = this.entry(nodeCredentials, typeName);
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(entry.data[key])) {
				entry.data[key] = deepCopy(value);
			}
		}
		return Object.assign(credentials, output);
	}

	/** @type {ICredentialsHelper['runPreAuthentication']} */
	async runPreAuthentication(helpers, credentials, typeName) {
		const type = this.types.get(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		const output = /** @type {CredentialData | undefined} */ (
			await type.preAuthentication.call(helpers, credentials)
		);
		return output ?? undefined;
	}
}

module.exports = { OAuth2Api, CredentialTypes, HarnessCredentialsHelper };
