// The reader's member pages: the sign-up form, "check your email", the page an emailed link opens (a button, so a
// mail scanner fetching the link spends nothing), the second-factor step, and their error pages. Plain HTML forms
// that post to this site (the site's CSP allows nothing else), every field with a visible label.
import type { Child } from 'hono/jsx';
import type { StaffMember } from '../../d1/repositories/users';
import { Layout } from './layout';
import type { PageContext } from './pages';
import { errorMeta } from './seo';
import { paths } from './urls';

function MemberPage({ ctx, heading, children }: { ctx: PageContext; heading: string; children: Child }) {
  // errorMeta: a title, no canonical URL, noindex; none of these pages belongs in a search index.
  return (
    <Layout {...ctx} meta={errorMeta(ctx.site, heading)}>
      <section class="member-page">
        <h1>{heading}</h1>
        {children}
      </section>
    </Layout>
  );
}

export interface SignUpValues {
  email?: string;
  name?: string;
}

/** The sign-up form; members use it to ask for a sign-in link too. With `error`, the email was refused. */
export function SignUpPage({ ctx, values = {}, error }: { ctx: PageContext; values?: SignUpValues; error?: string }) {
  return (
    <MemberPage ctx={ctx} heading={`Sign up to ${ctx.site.title}`}>
      <p>Enter your email and we will send you a link. Already a member? The same link signs you in.</p>
      <form class="member-form" method="post" action={paths.signUp}>
        <label for="member-email">Email</label>
        <input
          id="member-email"
          name="email"
          type="email"
          autocomplete="email"
          required
          maxlength={254}
          value={values.email}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'member-email-error' : undefined}
        />
        {error && (
          <p id="member-email-error" class="form-error">
            {error}
          </p>
        )}
        <label for="member-name">
          Name <span class="optional">(optional)</span>
        </label>
        <input id="member-name" name="name" type="text" autocomplete="name" maxlength={191} value={values.name} />
        <button type="submit">Send me a link</button>
      </form>
    </MemberPage>
  );
}

/** Shown to a signed-in member instead of the form. */
export function AccountPage({ ctx, member }: { ctx: PageContext; member: StaffMember }) {
  return (
    <MemberPage ctx={ctx} heading="Your membership">
      <p>
        You are signed in to {ctx.site.title} as {member.name} ({member.email}).
      </p>
      <SignOutForm />
    </MemberPage>
  );
}

function SignOutForm() {
  return (
    <form class="member-form" method="post" action={paths.signOut}>
      <button type="submit">Sign out</button>
    </form>
  );
}

/** The same page whatever the email: it tells nobody whether an account exists. */
export function CheckEmailPage({ ctx, message }: { ctx: PageContext; message: string }) {
  return (
    <MemberPage ctx={ctx} heading="Check your email">
      <p role="status">{message}</p>
      <p>The link works once, for 30 minutes. Nothing arrived? Check your spam folder, or ask again in a minute.</p>
      <p>
        <a href={paths.signUp}>Use another email</a>
      </p>
    </MemberPage>
  );
}

/** What an emailed link opens: the token waits in a hidden field until the reader presses the button. */
export function SignInPage({ ctx, token }: { ctx: PageContext; token: string }) {
  return (
    <MemberPage ctx={ctx} heading={`Sign in to ${ctx.site.title}`}>
      <form class="member-form" method="post" action={paths.signIn}>
        <input type="hidden" name="token" value={token} />
        <button type="submit">Sign in</button>
      </form>
    </MemberPage>
  );
}

/** The second step for an account with an authenticator; the challenge rides in a hidden field for five minutes. */
export function CodePage({ ctx, mfaToken, error }: { ctx: PageContext; mfaToken: string; error?: string }) {
  return (
    <MemberPage ctx={ctx} heading="Enter your code">
      <p>Your account uses an authenticator app. Enter its six-digit code, or one of your recovery codes.</p>
      <form class="member-form" method="post" action={paths.signInCode}>
        <input type="hidden" name="mfa_token" value={mfaToken} />
        <label for="member-code">Code</label>
        <input
          id="member-code"
          name="code"
          type="text"
          autocomplete="one-time-code"
          required
          maxlength={32}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'member-code-error' : undefined}
        />
        {error && (
          <p id="member-code-error" class="form-error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </MemberPage>
  );
}

/** A refusal a reader can act on: what went wrong, and the way back to a fresh link. */
export function MemberErrorPage({ ctx, heading, detail }: { ctx: PageContext; heading: string; detail: string }) {
  return (
    <MemberPage ctx={ctx} heading={heading}>
      <p role="alert">{detail}</p>
      <p>
        <a href={paths.signUp}>Ask for a new link</a>
      </p>
    </MemberPage>
  );
}
