// Which requests are media uploads, apart from the upload routes themselves: every request's front (workers/http/front.ts)
// asks, and importing the routes there would load the upload code (file sniffing, R2 multipart) on the reader's path.

// The two routes whose bodies are files; they are exempt from the 2 MiB JSON body limit.
const UPLOAD_PATHS = [/^\/api\/v1\/admin\/media\/?$/, /^\/api\/v1\/admin\/media\/uploads\/[^/]+\/parts\/[^/]+$/];

/** Whether a request is a media upload, which streams to R2 under the media limits instead of the body limit. */
export const isMediaUpload = (method: string, path: string) =>
  (method === 'POST' && UPLOAD_PATHS[0]!.test(path)) || (method === 'PUT' && UPLOAD_PATHS[1]!.test(path));
