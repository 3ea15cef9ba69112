import { useEffect, useState } from 'react';

/**
 * Copies `text`: the Clipboard API where the page is a secure context (https, localhost), else a selected
 * off-screen textarea and execCommand, which plain-http deployments still allow. Resolves false when neither works.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (doc.defaultView?.navigator.clipboard && doc.defaultView.isSecureContext) {
      await doc.defaultView.navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied: fall through to the textarea.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.left = '-9999px';
  doc.body.appendChild(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

const LANGUAGE_LABELS: Record<string, string> = { typescript: 'TypeScript', sql: 'SQL', text: 'Text' };

/** A code example with its language and a Copy button that says whether copying worked. */
export function CodeBlock({ code, language, label }: { code: string; language: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <figure className="code-block">
      <figcaption className="code-block-head">
        <span>{LANGUAGE_LABELS[language] ?? language}</span>
        <button
          type="button"
          className="button button--small"
          aria-label={`Copy ${label}`}
          onClick={async () => setCopied((await copyText(code)) ? 'yes' : 'failed')}
        >
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text' : 'Copy'}
        </button>
      </figcaption>
      <pre>
        <code>{code}</code>
      </pre>
    </figure>
  );
}
