// The OpenAPI 3.1 document (generated from the same zod schemas that validate requests) and an interactive page.
import type { App } from '../app';

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Lede API</title>
  <link rel="stylesheet" href="/_lede/docs/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/_lede/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#docs', deepLinking: true, persistAuthorization: true });
  </script>
</body>
</html>`;

export function mountApiDocs(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An access token from POST /api/v1/admin/session (or /session/refresh), or an integration key (`lede_ik_…`) ' +
      'created at POST /api/v1/admin/integrations.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'contentKey', {
    type: 'apiKey',
    in: 'query',
    name: 'key',
    description: "The site's public Content API key.",
  });
  app.doc31('/api/v1/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Lede API',
      version: '1.0.0',
      description:
        'The Admin API (`/api/v1/admin`, bearer tokens), the Members API (`/api/v1/members`, readers signing up by ' +
        'emailed link) and the Ghost-compatible Content API (`/api/v1/content`, public key). Errors are RFC 9457 ' +
        'problem+json documents with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.get('/api/v1/docs', (c) => {
    c.header('cache-control', 'public, max-age=300');
    // The page loads its script from this origin only; nothing else may run on it.
    c.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "frame-ancestors 'none'",
    );
    return c.html(DOCS_PAGE);
  });
}
