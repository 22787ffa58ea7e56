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
