// What changed between two revisions, as the API computes it: the title, the Markdown body as unified-diff hunks,
// and the other fields that differ.
import type { RevisionDiffSchema } from '../../../workers/content/admin-schemas';
import type { z } from '@hono/zod-openapi';

export type RevisionDiff = z.infer<typeof RevisionDiffSchema>;

const shown = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

const lineClass = (line: string) => (line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'context');

export function RevisionDiffView({ diff, onClose }: { diff: RevisionDiff; onClose: () => void }) {
  const { markdown } = diff;
  return (
    <section class="diff" aria-labelledby="diff-title">
      <div class="row">
        <h3 id="diff-title">
          v{diff.from.version} → v{diff.to.version}
        </h3>
        <button type="button" class="link" onClick={onClose}>
          Close comparison
        </button>
      </div>
      <p class="note">
        <span class="added">+{markdown.lines_added}</span> <span class="removed">−{markdown.lines_removed}</span> lines
      </p>
      {diff.title && (
        <p class="note">
          Title: <del>{diff.title.from}</del> → <ins>{diff.title.to}</ins>
        </p>
      )}
      {markdown.hunks.map((hunk) => (
        <pre class="hunk" aria-label={`Lines ${hunk.newStart} to ${hunk.newStart + hunk.newLines - 1}`}>
          {hunk.lines.map((line) => {
            const kind = lineClass(line);
            const text = `${line}\n`;
            return kind === 'added' ? (
              <ins class={kind}>{text}</ins>
            ) : kind === 'removed' ? (
              <del class={kind}>{text}</del>
            ) : (
              <span class={kind}>{text}</span>
            );
          })}
        </pre>
      ))}
      {markdown.hunks.length === 0 && !diff.title && diff.fields.length === 0 && <p class="note">No changes.</p>}
      {diff.fields.length > 0 && (
        <table class="field-changes">
          <caption>Other fields</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.fields.map((f) => (
              <tr>
                <th scope="row">{f.field}</th>
                <td>{shown(f.from)}</td>
                <td>{shown(f.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
