/** A file to the gateway's upload route, with progress (XMLHttpRequest: fetch reports none). */
export interface UploadAnswer {
  uploadId: string;
  kind: 'image' | 'voice' | 'file';
  name?: string;
  mimeType: string;
  sizeBytes: number;
}

/** The gateway's problem code (e.g. GATEWAY.ATTACHMENT_TOO_LARGE), or NETWORK / ABORTED. */
export interface UploadRefusal {
  refused: string;
  status: number;
}

export function uploadFile(
  url: string,
  sessionToken: string,
  file: File,
  onProgress: (fraction: number) => void,
): { done: Promise<UploadAnswer | UploadRefusal>; abort: () => void } {
  const request = new XMLHttpRequest();
  const done = new Promise<UploadAnswer | UploadRefusal>((resolve) => {
    request.open('POST', url);
    request.setRequestHeader('authorization', `Bearer ${sessionToken}`);
    request.setRequestHeader('content-type', file.type || 'application/octet-stream');
    request.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      let body: Partial<UploadAnswer> & { code?: string } = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        // not JSON: judged by the status below
      }
      if (request.status === 201 && body.uploadId) resolve(body as UploadAnswer);
      else resolve({ refused: body.code ?? `HTTP_${request.status}`, status: request.status });
    });
    request.addEventListener('error', () => resolve({ refused: 'NETWORK', status: 0 }));
    request.addEventListener('abort', () => resolve({ refused: 'ABORTED', status: 0 }));
    request.send(file);
  });
  return { done, abort: () => request.abort() };
}
