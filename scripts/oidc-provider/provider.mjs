// A local OpenID Connect provider for Tiltas's single sign-on tests, offline: npm oidc-provider
// with its development sign-in form, which accepts any login and password. Test use only.
//
//   node scripts/oidc-provider/provider.mjs --port 3490 --redirect-uri http://127.0.0.1:3407/sso/callback
//
// Issuer http://127.0.0.1:<port>; one confidential client (--client-id, --client-secret) for
// the authorisation code flow with PKCE (S256) required; ID tokens signed RS256 with
// test-signing-key.pem (key id "tiltas-test-key"), which the Rust tests also read to sign tokens
// no honest provider would issue. The login typed becomes the subject; its email is the login
// itself when it contains "@" (else <login>@idp.test), verified unless the login starts with
// "unverified". Consent is given automatically: Tiltas is the organisation's own client.
// Prints "ready <issuer>" once it listens.

import Provider from 'oidc-provider';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3490' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://127.0.0.1:3407/sso/callback'] },
    'client-id': { type: 'string', default: 'tiltas' },
    'client-secret': { type: 'string', default: 'tiltas-test-secret' },
  },
});

const issuer = `http://127.0.0.1:${values.port}`;
const key = createPrivateKey(readFileSync(new URL('test-signing-key.pem', import.meta.url)));
const jwk = { ...key.export({ format: 'jwk' }), kid: 'tiltas-test-key', use: 'sig', alg: 'RS256' };

/** "ona.onaite@example.lt" -> "Ona Onaite". */
function nameOf(login) {
  return login.split('@')[0].split(/[._-]+/).filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1)).join(' ');
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: values['client-id'],
    client_secret: values['client-secret'],
    redirect_uris: values['redirect-uri'],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['tiltas-test-identity-provider'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  // The claims of the scopes asked for go into the ID token itself, which is all Tiltas reads.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const email = (id.includes('@') ? id : `${id}@idp.test`).toLowerCase();
        return { sub: id, email, email_verified: !id.startsWith('unverified'), name: nameOf(id) };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

provider.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
