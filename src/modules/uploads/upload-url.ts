/** The address a file is served at (relative to the site): what Markdown and avatars use. */
export function uploadUrl(id: string): string {
  return `/api/uploads/${id}`;
}

/** `null` without an upload: an avatar's URL from `members.avatar_upload_id`. */
export function avatarUrlOf(avatarUploadId: string | null | undefined): string | null {
  return avatarUploadId ? uploadUrl(avatarUploadId) : null;
}

const UPLOAD_PATH =
  /^\/api\/uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\?variant=webp)?$/;

/** The upload id an image source names when it is one of this server's uploads, else null. */
export function uploadIdOf(src: string): string | null {
  return UPLOAD_PATH.exec(src)?.[1] ?? null;
}
