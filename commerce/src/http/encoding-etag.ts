import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';

const ENCODING_SUFFIX = /-(gzip|br|deflate)"/g;

/**
 * Keeps strong ETags strong under compression. A strong validator names one exact byte sequence, so the gzip and
 * identity representations of a body need different tags: `"2f-abc"` → `"2f-abc-gzip"` (as Apache httpd does).
 * Incoming If-None-Match tags are stripped of the suffix before Express compares them with the body's tag, so a
 * client holding either representation gets its 304, and the 304 echoes the tag the client sent.
 *
 * Mount before `compression()`: on-headers runs the last-registered listener first, so compression has set
 * Content-Encoding by the time this one looks.
 */
export function encodingAwareEtags(): RequestHandler {
  return (req, res, next) => {
    const ifNoneMatch = req.headers['if-none-match'];
    const sentSuffix = typeof ifNoneMatch === 'string' ? /-(gzip|br|deflate)"/.exec(ifNoneMatch)?.[1] : undefined;
    if (typeof ifNoneMatch === 'string') req.headers['if-none-match'] = ifNoneMatch.replace(ENCODING_SUFFIX, '"');
    onHeaders(res, () => {
      const tag = res.getHeader('ETag');
      if (typeof tag !== 'string' || tag.startsWith('W/') || !tag.endsWith('"')) return;
      const encoding = res.statusCode === 304 ? sentSuffix : res.getHeader('Content-Encoding');
      if (typeof encoding === 'string' && encoding !== 'identity')
        res.setHeader('ETag', `${tag.slice(0, -1)}-${encoding}"`);
    });
    next();
  };
}
