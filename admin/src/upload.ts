// Uploads to the media library with progress (fetch cannot report upload progress; XMLHttpRequest can).
import { ADMIN, ApiError, type Problem, refreshSession, session } from './api';

export interface Uploaded {
  id: string;
  url: string;
  name: string;
  kind: string;
  alt: string | null;
}

export function uploadFile(file: File, onProgress: (fraction: number) => void, retried = false): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${ADMIN}/media?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('authorization', `Bearer ${session.token ?? ''}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}') as { media?: Uploaded } & Partial<Problem>;
      if (xhr.status === 201 && body.media) return resolve(body.media);
      const failed = new ApiError({ ...body, status: xhr.status });
      // An access token that expired while the user picked the file: refresh from the cookie and send it again.
      if (xhr.status !== 401 || retried) return reject(failed);
      void refreshSession().then((me) => (me ? resolve(uploadFile(file, onProgress, true)) : reject(failed)));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, detail: 'The upload failed: the network is unreachable.' }));
    xhr.send(file);
  });
}

/** The Markdown that shows an uploaded file in a post: an image for images, a link for the rest. */
export function markdownFor(media: Uploaded): string {
  const label = (media.alt ?? media.name).replace(/[[\]]/g, '');
  return media.kind === 'image' ? `![${label}](${media.url})` : `[${label}](${media.url})`;
}
