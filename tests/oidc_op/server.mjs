// A real OpenID Provider for the sign-in tests: oidc-provider (OpenID Certified)
// with its development interactions, whose sign-in page takes any password.
//
//   node server.mjs CONFIG.json
//
// CONFIG: {"accounts_file": PATH, "providers": [{"name", "clients": [...]}]}.
// Each provider listens on its own free loopback port and prints one JSON line
// {"name", "issuer"} when it is ready. Accounts are read from accounts_file
// ({provider name: {sub: claims}}) at every sign-in, so a test can change a
// person's claims (an email change) while the provider runs.
import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function accountsOf(name) {
  return JSON.parse(fs.readFileSync(config.accounts_file, 'utf8'))[name] || {};
}

async function start(spec) {
  const server = http.createServer();
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: spec.clients,
    // Every authorization request must carry a PKCE challenge.
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'employee_id'],
    },
    async findAccount(ctx, sub) {
      const claims = accountsOf(spec.name)[sub];
      if (!claims) return undefined;
      return { accountId: sub, async claims() { return { ...claims, sub }; } };
    },
    // A first-party client: no consent screen, as at a City's own provider.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: ['test-only-cookie-key'] },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ name: spec.name, issuer })}\n`);
}

for (const spec of config.providers) {
  await start(spec);
}
