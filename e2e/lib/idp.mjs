// A small OpenID Connect identity provider for the browser tests, over http on 127.0.0.1 (the
// register allows plain http only to this machine). Its login page asks for an e-mail address and
// logs that person in; the token endpoint checks the client secret, the single-use code, the return
// address and the PKCE verifier, and answers an ID token with the login's nonce.
import { createServer } from "node:http";
import { createHash, randomBytes } from "node:crypto";

export const CLIENT_ID = "algoreg-e2e";
export const CLIENT_SECRET = "e2e-provider-secret";

const b64url = (buf) => Buffer.from(buf).toString("base64url");
const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

export async function startIdp() {
  const codes = new Map();
  let issuer = "";
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, issuer);
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "content-type": type, ...headers });
      res.end(body);
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return send(200, "application/json", JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        end_session_endpoint: `${issuer}/logout`,
      }));
    }
    if (url.pathname === "/authorize") {
      // The provider's own login page: the request's parameters travel on as hidden fields.
      const hidden = [...url.searchParams]
        .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
        .join("");
      return send(200, "text/html; charset=utf-8", `<!doctype html><html lang="nl"><head><title>Test-inlogdienst</title></head>
<body><main><h1>Test-inlogdienst</h1><form method="get" action="/authorize/ok">${hidden}
<label for="idp-email">E-mailadres</label> <input id="idp-email" name="login_as" type="email" required>
<button type="submit">Inloggen</button></form></main></body></html>`);
    }
    if (url.pathname === "/authorize/ok") {
      const p = url.searchParams;
      const code = b64url(randomBytes(24));
      codes.set(code, {
        email: p.get("login_as"),
        nonce: p.get("nonce"),
        challenge: p.get("code_challenge"),
        redirect: p.get("redirect_uri"),
      });
      const back = new URL(p.get("redirect_uri"));
      back.searchParams.set("code", code);
      back.searchParams.set("state", p.get("state"));
      return send(302, "text/plain", "", { location: back.toString() });
    }
    if (url.pathname === "/logout") {
      // The provider's session ends; back to the register's login page.
      return send(302, "text/plain", "", { location: url.searchParams.get("post_logout_redirect_uri") });
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = "Basic " + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
      if (req.headers.authorization !== basic) {
        return send(401, "application/json", JSON.stringify({ error: "invalid_client" }));
      }
      const grant = codes.get(form.get("code"));
      codes.delete(form.get("code"));
      const verifier = form.get("code_verifier") || "";
      if (
        !grant ||
        form.get("grant_type") !== "authorization_code" ||
        form.get("redirect_uri") !== grant.redirect ||
        b64url(createHash("sha256").update(verifier).digest()) !== grant.challenge
      ) {
        return send(400, "application/json", JSON.stringify({ error: "invalid_grant" }));
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: issuer, sub: grant.email, aud: CLIENT_ID, exp: now + 300, iat: now,
        nonce: grant.nonce, email: grant.email, email_verified: true,
      };
      const idToken = `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify(claims))}.${b64url("sig")}`;
      return send(200, "application/json", JSON.stringify({ access_token: "x", token_type: "Bearer", id_token: idToken }));
    }
    send(404, "text/plain", "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${server.address().port}`;
  return { issuer, close: () => server.close() };
}
