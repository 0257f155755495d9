// Uploads to the media library with progress (fetch cannot report upload progress; XMLHttpRequest can).
import { ADMIN, ApiError, type Problem, session } from './api';

export interface Uploaded {
  id: string;
  url: string;
  name: string;
  kind: string;
  alt: string | null;
}

export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${ADMIN}/media?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('authorization', `Bearer ${session.token ?? ''}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}') as { media?: Uploaded } & Partial<Problem>;
      if (xhr.status === 201 && body.media) resolve(body.media);
      else reject(new ApiError({ ...body, status: xhr.status }));
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
