import { useEffect, useState } from "react";
import type { UserManager } from "oidc-client-ts";
import { isCallback } from "./auth/callback-path.js";
import { clearSession, readSession, saveSession, type Session } from "./auth/session.js";
import { Dashboard } from "./components/Dashboard.js";
import { SignIn } from "./components/SignIn.js";
import type { DashboardConfig } from "./config.js";
import { useI18n } from "./i18n/i18n.js";
import { LANGUAGES } from "./i18n/messages.js";

export function App({ config }: { config: DashboardConfig }) {
  const { t, language, setLanguage } = useI18n();
  const [session, setSession] = useState<Session | null>(() => readSession());
  const [callbackError, setCallbackError] = useState<string | null>(null);
  const [userManager, setUserManager] = useState<UserManager | null>(null);

  useEffect(() => {
    const auth = config.auth;
    if (auth.mode !== "oidc") return;
    // The OIDC client is loaded only where the deployment signs in with OIDC.
    import("./auth/oidc.js").then(
      (oidc) => {
        const manager = oidc.createUserManager(auth);
        setUserManager(manager);
        if (!isCallback()) return;
        oidc.completeSignIn(manager).then(
          (user) => {
            const next = oidc.sessionFromUser(user);
            saveSession(next);
            setSession(next);
            history.replaceState(null, "", import.meta.env.BASE_URL);
          },
          (cause: Error) => setCallbackError(cause.message),
        );
      },
      (cause: Error) => setCallbackError(cause.message),
    );
  }, [config]);

  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    void userManager?.removeUser();
  };

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>{t("app.title")}</h1>
          <p className="subtitle">{t("app.subtitle")}</p>
        </div>
        <div className="app-tools">
          <label>
            {t("app.language")}{" "}
            <select className="language" value={language} onChange={(event) => setLanguage(event.target.value as (typeof LANGUAGES)[number])}>
              <option value="it">Italiano</option>
              <option value="en">English</option>
            </select>
          </label>
          {session && (
            <>
              <span className="signed-in-as">{t("app.signedInAs", { name: session.displayName })}</span>
              <button type="button" className="sign-out" onClick={signOut}>{t("app.signOut")}</button>
            </>
          )}
        </div>
      </header>
      {session ? (
        <Dashboard config={config} session={session} onUnauthenticated={signOut} />
      ) : config.auth.mode === "oidc" && isCallback() && !callbackError ? (
        <p className="loading">{t("signIn.callback")}</p>
      ) : (
        <>
          {callbackError && <p role="alert" className="error">{t("signIn.failed", { message: callbackError })}</p>}
          <SignIn mode={config.auth.mode} userManager={userManager} onSession={signIn} />
        </>
      )}
    </div>
  );
}
