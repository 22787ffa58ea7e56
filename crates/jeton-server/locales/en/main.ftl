# Jeton's pages in English. Every message here has its twin in ../fr/main.ftl (a unit test
# in src/web/locale.rs checks both ways). Arguments ({ $name }) are inserted as plain text
# and the page escapes the whole message: no markup in messages.

## Layout

# The link to the other language, written in that language.
lang-switch = Français

## Errors

error-not-found-title = Not found
error-not-found = There is nothing at this address.
error-no-such-domain = There is no such domain on this server.
error-too-large-title = Request too large
error-too-large = The form you sent is too large.
error-bad-request-title = Bad request
error-bad-redirect = The redirect address is malformed.
error-bad-language = This language is not available. Choose English or French.
error-conflict-title = Already exists
error-conflict = What you tried to create already exists. Go back, change it and try again.
error-internal-title = Something went wrong
error-internal = The server could not complete your request. The error has been logged.
error-unavailable-title = Temporarily unavailable
error-unavailable = The server could not complete your request. Please try again in a moment.
error-expired-title = This form has expired
error-expired = The form was not sent from this site or has expired. Go back, reload the page and try again.
error-metrics = The metrics could not be written.
# Plain text, when a page itself fails to render.
error-render = Something went wrong on our side.

## Authorization requests that cannot go back to the application

authorize-error-title = This sign-in request cannot be completed
authorize-missing-client-id = The request does not name an application (client_id is missing).
authorize-unknown-client = The application that sent you here is not registered with this server.
authorize-repeated-parameter = The request repeats the parameter “{ $name }”.
authorize-missing-redirect-uri = The application has several return addresses registered and did not say which to use (redirect_uri is missing).
authorize-unregistered-redirect-uri = The return address (redirect_uri) in the request is not registered for this application, so you were not sent back to it.

## Login

login-title = Sign in to { $domain }
login-heading = Sign in
login-to-continue = to continue to { $client }
login-with-account = with your { $domain } account
login-username = Username
login-password = Password
login-submit = Sign in
login-incorrect = Incorrect username or password.
login-throttled = Too many failed attempts. Try again in { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    }.

## Consent

consent-title = Allow { $client }?
consent-heading = { $client } wants to access your account
consent-signed-in-as = Signed in as { $user }
consent-not-you = Not you? Sign out
consent-no-scopes = { $client } asks for no specific permissions, only to know that you are signed in.
consent-will-allow = This will allow { $client } to:
consent-sent-back = After you choose, you will be sent back to { $host }.
consent-deny = Deny
consent-allow = Allow
consent-choose = Choose Allow or Deny.

## Signing out

logout-title = Sign out of { $domain }
logout-heading = Sign out of { $domain }?
logout-signed-in-as = You are signed in as { $user }.
logout-submit = Sign out
signed-out-title = Signed out of { $domain }
signed-out-heading = You are signed out.
signed-out-message = You have been signed out of { $domain }.
signed-out-sign-in-again = Sign in again

## Account

account-title = Your account
account-username = Username
account-email = Email
account-email-not-set = Not set
account-roles = Roles
account-no-roles = No roles
account-sign-out = Sign out
account-back = Back to { $domain }
account-nav-label = Your account
account-nav-profile = Profile
account-nav-applications = Authorized applications
account-nav-clients = My OAuth clients
account-back-profile = Back to your profile
account-refused = This could not be done. Go back, reload the page and try again.

## Authorized applications

apps-title = Authorized applications
apps-intro = The applications you allowed to use your account. Revoke one and it loses its access at once.
apps-done-revoked = Access revoked. The application’s tokens no longer work.
apps-empty = You have not authorized any application.
apps-no-scopes = It asked for no specific permission, only to know that you are signed in.
apps-may = It may:
apps-approved = Approved
apps-last-used = Last used
apps-never = Never
apps-revoke = Revoke
apps-revoke-named = Revoke access of { $app }
apps-back = Back to authorized applications
apps-not-found = This application is not among those you authorized. Its access may have been revoked already.

## Confirmations

confirm-cancel = Cancel
confirm-revoke-app-title = Revoke { $app }?
confirm-revoke-app-heading = Revoke access of { $app }?
confirm-revoke-app-effect = { $app } will no longer have access to your account: all its tokens stop working at once.
confirm-revoke-app-again = To use { $app } again, you will have to approve it again.
confirm-revoke-app-submit = Revoke access
confirm-rotate-title = New secret for { $client }?
confirm-rotate-heading = Replace the secret of { $client }?
confirm-rotate-effect = A new secret will be shown once. The current secret stops working at once: update your scripts with the new one.
confirm-rotate-tokens = Tokens it already has keep working until they expire.
confirm-rotate-submit = Replace the secret
confirm-revoke-client-title = Revoke { $client }?
confirm-revoke-client-heading = Revoke { $client }?
confirm-revoke-client-effect = The client will no longer get tokens, and all its tokens stop working at once.
confirm-revoke-client-final = This cannot be undone: to continue, create a new client.
confirm-revoke-client-submit = Revoke the client

## My OAuth clients

clients-title = My OAuth clients
clients-intro = Clients for your own scripts and SDKs: they get tokens with their client ID and secret instead of your password.
clients-done-revoked = Client revoked. It can no longer get tokens, and its tokens no longer work.
clients-rights = A personal client acts with exactly your rights, never more: if you lose a right, so does the client.
clients-how = It uses the client credentials grant, authenticating with HTTP Basic (client ID and secret), at:
clients-token-endpoint = Token endpoint
clients-list-heading = Your clients
clients-empty = You have no personal clients yet.
clients-col-name = Name
clients-client-id = Client ID
clients-col-status = Status
clients-col-created = Created
clients-col-expires = Valid through
clients-col-last-used = Last used
clients-col-actions = Actions
clients-status-active = Active
clients-status-expired = Expired
clients-status-revoked = Revoked
clients-rotate = Rotate secret
clients-rotate-named = Rotate secret of { $client }
clients-revoke = Revoke
clients-revoke-named = Revoke { $client }
clients-create-heading = Create a client
clients-name = Name
clients-name-hint = What it is for, e.g. “Nightly backup”.
clients-expires = Expiry date
clients-expires-hint = It works through that day (UTC), at the latest { $latest }.
clients-scopes = Scopes
clients-scopes-hint = The client gets exactly the scopes you check, and never more than you hold. With none checked, its tokens carry no scope: they only say who you are.
clients-no-scopes = You hold no scopes: its tokens will carry none and only say who you are.
clients-create-submit = Create the client
clients-error-name = Give it a name of 1 to 200 characters.
clients-error-expires = Choose a date from { $earliest } to { $latest }.
clients-error-scopes = Choose among the scopes listed: a client can get only scopes you hold.
clients-error-form = The client could not be created. Check the form and try again.
clients-already-title = Already created
clients-already = This client was already created: its secret was shown once and cannot be shown again. If you did not keep it, replace the secret from the list.
clients-rotated-already-title = Secret already replaced
clients-rotated-already = This secret was already replaced: the new one was shown once and cannot be shown again. If you did not keep it, replace it again from the list.
clients-back = Back to my OAuth clients
clients-not-found = This client is not among yours, or it was revoked.

## A client secret, shown once

secret-created-title = { $client } created
secret-created-heading = { $client } is ready
secret-created-rights = It acts with exactly your rights.
secret-rotated-title = New secret for { $client }
secret-rotated-heading = New secret for { $client }
secret-rotated-old = The previous secret no longer works.
secret-once = Copy the secret now: it will not be shown again.
secret-keep = Keep it somewhere safe, like a password. Jeton keeps only a fingerprint of it and cannot show it to you later.
secret-secret = Client secret
secret-copy-id = Copy the client ID
secret-copied-id = Client ID copied.
secret-copy-secret = Copy the secret
secret-copied-secret = Secret copied.
secret-how-heading = How to use it
secret-how = Ask the token endpoint for an access token with the client credentials grant, authenticating with HTTP Basic:
secret-copy-example = Copy the example
secret-copied-example = Example copied.
secret-how-answer = The answer is JSON; send its access_token to your APIs as “Authorization: Bearer …”.
secret-done = Done: back to my OAuth clients

## Start page (/)

start-title = Welcome
start-heading = Welcome to Jeton
start-intro = Jeton signs people in and lets the applications they approve use your organization’s APIs on their behalf, with access they can see and revoke.
start-sign-in-to = Sign in to { $domain }
start-other-domain = Another organization?
start-domain-label = Your organization’s domain
start-domain-hint = The short name in your sign-in address, as in /d/acme/.
start-domain-submit = Continue
start-domain-empty = Enter your organization’s domain.
start-domain-malformed = A domain uses lowercase letters, digits and hyphens only.
start-domain-not-found = Domain not found.
start-developers = For developers
start-api-docs = API description (OpenAPI)
start-metadata = Authorization server metadata of { $domain }

## Start page of a domain (/d/{d}/)

domain-start-signed-out = Sign in with your { $domain } account to see your account and what you can do here.
domain-start-sign-in = Sign in
domain-start-signed-in-as = Signed in as { $user }
domain-start-account = Your account
domain-start-manage = Manage this domain
domain-start-admin = Server administration
domain-start-sign-out = Sign out
domain-start-issuer = Issuer
domain-start-metadata = Authorization server metadata
