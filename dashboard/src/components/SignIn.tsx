import { useEffect, useState } from "react";
import type { UserManager } from "oidc-client-ts";
import { devSignIn, listDevUsers, type DevUser } from "../auth/dev-sign-in.js";
import type { Session } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";

/** Development: pick a demo user (the gateway's dev endpoints). Production: the issuer's page. */
export function SignIn({ mode, userManager, onSession }: { mode: "dev" | "oidc" | "none"; userManager: UserManager | null; onSession(session: Session): void }) {
  const { t } = useI18n();
  const [users, setUsers] = useState<DevUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (mode !== "dev") return;
    listDevUsers().then(setUsers, (cause: Error) => setError(cause.message));
  }, [mode]);

  return (
    <main className="sign-in">
      <h2>{t("signIn.title")}</h2>
      {error && <p role="alert" className="error">{t("signIn.failed", { message: error })}</p>}
      {mode === "none" ? (
        <p role="alert" className="error">{t("signIn.none")}</p>
      ) : mode === "oidc" ? (
        <>
          <p>{t("signIn.oidcIntro")}</p>
          <button type="button" className="oidc-sign-in" disabled={!userManager} onClick={() => userManager?.signinRedirect().catch((cause: Error) => setError(cause.message))}>
            {t("signIn.oidcButton")}
          </button>
        </>
      ) : (
        <>
          <p>{t("signIn.devIntro")}</p>
          {users === null && !error && <p>{t("app.loading")}</p>}
          <ul className="dev-users">
            {users?.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  className="dev-user"
                  data-user={user.id}
                  aria-label={t("signIn.choose", { name: user.displayName })}
                  onClick={() => devSignIn(user).then(onSession, (cause: Error) => setError(cause.message))}
                >
                  <strong>{user.displayName}</strong>
                  <span>{user.organisationName}</span>
                  <span className="roles">{user.roles.join(", ")}</span>
                  <small>{user.description}</small>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
