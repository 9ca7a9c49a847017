// An independent verifier for the credentials Tiltas issues: Digital Bazaar's JavaScript
// implementation of W3C Verifiable Credentials and the eddsa-rdfc-2022 Data Integrity
// cryptosuite, which shares no code with the Rust crate `tiltas-credentials`. If both accept a
// credential, its canonical form and signature are what the specifications say.
//
// Nothing is fetched: JSON-LD contexts come from credentials/contexts/ (the files the Rust
// crate bundles), the DID document is the one given, and any other URL is refused.
//
// As a module:  const {verified, error} = await verifyCredential(credential, didDocument);
// From a shell: node end2end/tools/verify-credential.mjs credential.json did.json [status-list.json]
//               prints the result as JSON and exits 0 only if the credential verified.

import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {gunzipSync} from 'node:zlib';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const CONTEXTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'credentials', 'contexts');

// URL → parsed context, from the same index the Rust crate is tested against.
const CONTEXTS = new Map(
  Object.entries(JSON.parse(readFileSync(join(CONTEXTS_DIR, 'index.json'), 'utf8'))).map(
    ([url, file]) => [url, JSON.parse(readFileSync(join(CONTEXTS_DIR, file), 'utf8'))],
  ),
);

/**
 * A JSON-LD document loader that serves the bundled contexts, the DID document and its
 * verification methods (by their absolute ids, e.g. `did:web:example.com#key-1`), and refuses
 * everything else.
 */
function staticDocumentLoader(didDocument) {
  const documents = new Map(CONTEXTS);
  if (didDocument && typeof didDocument.id === 'string') {
    documents.set(didDocument.id, didDocument);
    const methods = [].concat(didDocument.verificationMethod ?? []);
    for (const method of methods) {
      if (!method || typeof method.id !== 'string') continue;
      // Ids may be written relative to the document ("#key-1").
      const id = method.id.startsWith('#') ? didDocument.id + method.id : method.id;
      documents.set(id, {'@context': didDocument['@context'], ...method, id});
    }
  }
  return async (url) => {
    if (!documents.has(url)) {
      throw new Error(`refusing to load ${url}: not a bundled context nor in the DID document`);
    }
    return {contextUrl: null, documentUrl: url, document: structuredClone(documents.get(url))};
  };
}

/** Every message in a (possibly nested) verification error. */
function errorMessages(error) {
  if (!error) return [];
  const nested = [].concat(error.errors ?? []).flatMap(errorMessages);
  return nested.length > 0 ? nested : [error.message ?? String(error)];
}

function resultOf(verification) {
  if (verification.verified) return {verified: true};
  const messages = [
    ...errorMessages(verification.error),
    ...(verification.results ?? []).flatMap((result) => errorMessages(result.error)),
    ...errorMessages(verification.statusResult?.error),
  ];
  return {verified: false, error: [...new Set(messages)].join('; ') || 'not verified'};
}

/** Whether the bit at `index` of a Bitstring Status List `encodedList` is set. */
function statusBit(encodedList, index) {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new Error('encodedList is not multibase base64url');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index >= bits.length * 8) throw new Error(`status index ${index} is outside the list`);
  // Bit 0 is the most significant bit of byte 0.
  return (bits[Math.floor(index / 8)] & (0x80 >> index % 8)) !== 0;
}

/**
 * Verifies a credential's eddsa-rdfc-2022 proof with the key it names in `didDocument` (which
 * must list it under assertionMethod), and its validFrom/validUntil against the current time.
 *
 * Revocation is checked only if `options.statusListCredential` is given: that credential is
 * verified with the same DID document, must be the one the credential's BitstringStatusListEntry
 * points to, and the credential's bit must be clear. Without it, the status entry is not checked.
 *
 * @returns {Promise<{verified: boolean, error?: string}>}
 */
export async function verifyCredential(credential, didDocument, options = {}) {
  try {
    const documentLoader = staticDocumentLoader(didDocument);
    const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
    const {statusListCredential} = options;
    const checkStatus = async ({credential: checked}) => {
      if (!statusListCredential) return {verified: true};
      const entry = [].concat(checked.credentialStatus).find(
        (status) => status?.type === 'BitstringStatusListEntry' && status.statusPurpose === 'revocation',
      );
      if (!entry) return {verified: false, error: new Error('no revocation status entry')};
      if (entry.statusListCredential !== statusListCredential.id) {
        return {verified: false, error: new Error(`the status list given is not ${entry.statusListCredential}`)};
      }
      const listResult = await verifyCredential(statusListCredential, didDocument);
      if (!listResult.verified) {
        return {verified: false, error: new Error(`status list: ${listResult.error}`)};
      }
      const revoked = statusBit(statusListCredential.credentialSubject?.encodedList, Number(entry.statusListIndex));
      return revoked ? {verified: false, error: new Error('the credential has been revoked')} : {verified: true};
    };
    const verification = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
    return resultOf(verification);
  } catch (error) {
    return {verified: false, error: errorMessages(error).join('; ')};
  }
}

async function main(argv) {
  if (argv.length < 2 || argv.length > 3) {
    console.error('usage: node verify-credential.mjs credential.json did.json [status-list.json]');
    return 2;
  }
  const [credential, didDocument, statusListCredential] = argv.map((path) =>
    JSON.parse(readFileSync(path, 'utf8')),
  );
  const result = await verifyCredential(credential, didDocument, {statusListCredential});
  console.log(JSON.stringify(result, null, 2));
  return result.verified ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
