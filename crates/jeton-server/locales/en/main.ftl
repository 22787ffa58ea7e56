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
consent-claims-heading = { $client } also asks to read:
consent-claims-preferred-username = Your username
consent-claims-name = Your full name
consent-claims-given-name = Your given name
consent-claims-family-name = Your family name
consent-claims-locale = Your language and region
consent-claims-zoneinfo = Your time zone
consent-claims-email = Your email address
consent-claims-email-verified = Whether your email address is verified

## Signing out

logout-title = Sign out of { $domain }
logout-heading = Sign out of { $domain }?
logout-signed-in-as = You are signed in as { $user }.
logout-submit = Sign out
signed-out-title = Signed out of { $domain }
signed-out-heading = You are signed out.
signed-out-message = You have been signed out of { $domain }.
signed-out-sign-in-again = Sign in again
end-session-asked-by = { $app } asks you to sign out.
end-session-other-account = The application signed in another account; this browser's session is the one that ends.
end-session-stay = Stay signed in
end-session-not-returned = The application asked to send you back to it, but nothing confirms that the address is its own, so you stay here.

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

## Managing a domain (/d/{d}/manage/...)

manage-forbidden-title = Not allowed
manage-forbidden = You are signed in, but you do not manage this domain. Only its managers and the server’s administrator can see these pages.
manage-refused-title = Not allowed
manage-refused = You cannot make this change: a manager changes neither another manager nor an administrator, and cannot disable their own account.
manage-user-not-found = There is no such user in this domain.
manage-client-not-found = There is no such client in this domain, or it has already been revoked.
manage-none = None
manage-cancel = Cancel
manage-actions = Actions

manage-nav-label = Managing the domain
manage-nav-title = Manage
manage-nav-overview = Overview
manage-nav-users = Users
manage-nav-clients = OAuth clients
manage-nav-scopes = Scopes
manage-nav-settings = Settings
manage-nav-audit = Audit log
manage-nav-as-manager = Signed in as { $user }, manager
manage-nav-as-admin = Signed in as { $user }, server administrator
manage-nav-back = Back to { $domain }

manage-pager-label = Pages
manage-pager-first = First page
manage-pager-next = Next page

manage-overview-title = Manage
manage-overview-heading = Manage { $domain }
manage-overview-intro = Everything here applies to this domain only, and every change is written to the audit log.
manage-overview-users = Create users, give them roles (such as the one that allows personal OAuth clients), set their attributes, disable or enable them.
manage-overview-clients = List, sort and filter every OAuth client of the domain, its applications and its users’ personal clients, and revoke any of them.
manage-overview-scopes = The permissions applications can ask for, what each one means, and who may hold it.
manage-overview-settings = Token lifetimes, the refresh grace period, and whether users may create personal clients.
manage-overview-audit = Who did what, when and from where.

manage-state-active = Active
manage-state-disabled = Disabled
manage-status-active = Active
manage-status-expired = Expired
manage-status-revoked = Revoked
manage-kind-application = Application
manage-kind-personal = Personal
manage-kind-consumer = API consumer

manage-users-title = Users
manage-users-intro = The people who can sign in to this domain.
manage-users-search = Search by username
manage-users-search-submit = Search
manage-users-caption = Users, by username
manage-users-caption-search = Users whose username contains “{ $search }”
manage-users-username = Username
manage-users-email = Email
manage-users-email-optional = Email (optional)
manage-users-roles = Roles
manage-users-state = State
manage-users-created = Created
manage-users-none = No users found.
manage-users-create = Create a user
manage-users-password = Initial password (optional)
manage-users-password-hint = At least 8 characters. Leave empty and the user cannot sign in until a password is set.
manage-roles-hint = Role names separated by spaces. personal-clients lets the user create their own OAuth clients for scripts and SDKs, with exactly their own permissions. Only the server administrator gives or takes manager.
manage-users-create-submit = Create user

manage-user-back = All users
manage-user-attributes = Attributes
manage-user-clients = OAuth clients of { $user }
manage-user-protected = This user is a manager or an administrator: only the server administrator can change them.
manage-user-roles-heading = Roles
manage-user-roles-submit = Save roles
manage-user-attributes-label = One attribute per line, as key = value
manage-user-attributes-hint = Keys use lowercase letters, digits, “_”, “-” or “.”; values are text of at most 256 characters. Scopes can be derived from attributes. Empty the field to remove them all.
manage-user-attributes-submit = Save attributes
manage-user-standing-heading = Access
manage-user-disabled-note = This user is disabled: they cannot sign in, and their tokens and personal clients do not work.
manage-user-enable = Enable user
manage-user-disable-note = Disabling ends the user’s sessions at once and stops their tokens and personal clients. You can enable them again.
manage-user-disable = Disable user…
manage-user-self = This is your own account: you cannot disable it.
manage-user-created = The user was created.
manage-user-disabled = The user was disabled. Their sessions have ended and their tokens no longer work.
manage-user-enabled = The user was enabled.
manage-user-roles-saved = The roles were saved.
manage-user-attributes-saved = The attributes were saved.

manage-disable-title = Disable { $user }?
manage-disable-heading = Disable { $user }?
manage-disable-consequences = They will be signed out everywhere, will not be able to sign in, and every token issued to them or to their personal clients will stop working at once.
manage-disable-reversible = Nothing is deleted: enabling them again restores their access (tokens that expired in between stay expired).
manage-disable-submit = Disable

manage-clients-title = OAuth clients
manage-clients-intro = Every client of the domain: applications, API consumers, and the personal clients of its users.
manage-clients-filter-label = Filter the clients
manage-clients-filter-q = Name contains
manage-clients-filter-owner = Owner (username)
manage-clients-filter-status = Status
manage-clients-status-any = Any
manage-clients-filter-submit = Filter
manage-clients-filter-clear = Clear filters
manage-clients-caption = OAuth clients (select a column header to sort)
manage-clients-name = Name
manage-clients-kind = Kind
manage-clients-owner = Owner
manage-clients-status = Status
manage-clients-created = Created
manage-clients-expires = Expires
manage-clients-last-used = Last used
manage-clients-never = Never
manage-clients-never-used = Never used
manage-clients-none = No clients match.
manage-clients-revoke = Revoke
manage-clients-revoke-named = Revoke { $client }
manage-clients-revoked = “{ $client }” was revoked: its tokens no longer work.
manage-clients-bad-cursor = This page link is no longer valid; here is the first page.

manage-revoke-title = Revoke { $client }?
manage-revoke-heading = Revoke { $client }?
manage-revoke-client-id = Client ID
manage-revoke-consequences = The client will stop authenticating at once, and every grant and token issued to it ends now: the people and programs that use it lose access.
manage-revoke-final = This cannot be undone: a revoked client cannot be restored.
manage-revoke-submit = Revoke client

## The manager's client page: an application's grants and token policies.
manage-client-title = { $client } · Client settings
manage-client-back = ← All clients
manage-client-redirect-uris = Redirect URIs
manage-client-grants = Grants it may use
manage-client-grants-hint = What this application may ask the token endpoint for. The password and implicit grants are legacy: switch them on only for an application that cannot do without.
manage-client-grant-code = Authorization code
manage-client-grant-code-hint = People sign in here and approve it on the consent page (with PKCE). Needs a redirect URI.
manage-client-grant-refresh = Refresh tokens
manage-client-grant-refresh-hint = It may keep access after the first token expires, until the person revokes it.
manage-client-grant-credentials = Client credentials
manage-client-grant-credentials-hint = It acts for itself, with its own secret, for no one in particular.
manage-client-grant-password = Password (legacy)
manage-client-grant-password-hint = The application receives people's passwords and sends them here. Only for a confidential application you trust with them.
manage-client-grant-implicit = Implicit (legacy)
manage-client-grant-implicit-hint = Tokens in the browser's address bar, without a refresh token. Prefer the authorization code with PKCE.
manage-client-tokens = Tokens
manage-client-domain-default = The domain's default
manage-client-alg = ID-token signature
manage-client-alg-default = ES256 (default)
manage-client-lifetimes = Lifetimes
manage-client-lifetimes-hint = Leave a field empty to use the domain's value.
manage-client-domain-value = Domain: { $value } s.
manage-client-save = Save
manage-client-saved = The client’s settings were saved.
manage-client-personal = A personal client acts with its owner's rights under the domain's settings: there is nothing to change here.
manage-client-consumer = An API consumer is managed by the super administrator.
manage-client-error-no-grant = Choose at least one grant.
manage-client-error-public = A public application (without a secret) cannot use client credentials or the password grant.
manage-client-error-refresh = Refresh tokens need the authorization code or the password grant.
manage-client-error-redirect = The authorization code and implicit grants need a redirect URI, and this application has none.

manage-scopes-title = Scopes
manage-scopes-intro = The permissions applications can ask for. People see each description on the consent page.
manage-scopes-caption = Registered scopes
manage-scopes-name = Name
manage-scopes-description = Description
manage-scopes-roles = Roles
manage-scopes-anyone = Anyone
manage-scopes-none = No scopes yet.
manage-scopes-create = Register a scope
manage-scopes-name-hint = As applications ask for it, e.g. photos:read (no spaces, quotes or backslashes).
manage-scopes-description-hint = What it lets an application do, as people will read it: “See your photos”.
manage-scopes-roles-hint = Optional. Role names separated by spaces: only users with one of these roles may grant it. Empty: anyone.
manage-scopes-create-submit = Register scope
manage-scopes-created = The scope “{ $scope }” was registered.
manage-scopes-attributes = User attributes
manage-scopes-attributes-hint = Optional. Conditions written key=value, separated by spaces, e.g. department=finance: users whose attribute has exactly that value may grant it too.
manage-error-scope-attributes = Write each condition as key=value: the key in lowercase letters, digits, “_”, “-” or “.”, the value up to 256 characters.

manage-settings-title = Settings
manage-settings-intro = Changes apply to tokens issued from now on.
manage-settings-tokens = Tokens
manage-settings-access-ttl = Access-token lifetime (seconds)
manage-settings-refresh-ttl = Refresh-token idle lifetime (seconds)
manage-settings-seconds-hint = From { $min } to { $max } seconds.
manage-settings-code-ttl = Authorization-code lifetime (seconds)
manage-settings-absolute-ttl = Refresh-token absolute lifetime (seconds)
manage-settings-absolute-hint = 0 for none, or from { $min } to { $max } seconds: how long a chain of refresh tokens may last from the sign-in that started it, however often it is used. The lifetime above is the idle one: unused that long, a refresh token expires.
manage-settings-id-ttl = ID-token lifetime (seconds)
manage-error-seconds-or-off = Enter 0 (none) or a number of seconds from { $min } to { $max }.
manage-settings-grace = Refresh grace period (seconds)
manage-settings-grace-hint = From { $min } (off) to { $max } seconds: how long a just-replaced refresh token may be used once more, for clients on unreliable networks.
manage-settings-access-format = Access-token format
manage-settings-access-format-opaque = Opaque (checked by introspection)
manage-settings-access-format-jwt = JWT (RFC 9068, signed: APIs can check them with the published keys)
manage-settings-access-format-hint = For clients that do not choose their own. Revoked JWTs stay valid to an API that only checks the signature, until they expire; introspection reports them inactive at once.
manage-settings-access-format-invalid = Choose opaque or JWT.
manage-settings-check = What the token check says
manage-settings-check-attributes = User attributes in introspection
manage-settings-check-attributes-hint = Optional. Attribute keys separated by spaces, e.g. department: introspection of a token about a user also answers these attributes, as claims of the same name.
manage-settings-check-scopes = Also answer the scopes as a list
manage-settings-check-scopes-hint = Adds "scopes": ["read", "write"] next to the "scope" string, for integrations that read a list.
manage-settings-check-header = Access token in a response header
manage-settings-check-header-hint = Optional. A header name, e.g. X-Access-Token: the token endpoint puts the access token there as well as in its answer (some gateways read it there).
manage-error-check-attributes = At most 20 attribute keys of lowercase letters, digits, “_”, “-” or “.”, and none that introspection answers itself (scope, sub, exp, …).
manage-error-check-header = A header name of letters, digits and “-”, not one HTTP gives a meaning (Authorization, Cache-Control, …).
manage-settings-personal = Personal clients
manage-settings-personal-enabled = Users with the personal-clients role may create personal clients
manage-settings-personal-enabled-hint = When off, existing personal clients stop working until it is turned on again.
manage-settings-max-lifetime = Longest lifetime of a personal client (days)
manage-settings-days-hint = From { $min } to { $max } days. Every personal client needs an expiry date within this.
manage-settings-submit = Save settings
manage-settings-saved = The settings were saved.

manage-audit-title = Audit log
manage-audit-intro = Newest first. Every change made in these pages, the API or the command line is recorded here.
manage-audit-filter-label = Filter the log
manage-audit-action = Action
manage-audit-any-action = Any action
manage-audit-actor = Done by
manage-audit-actor-hint = A username, or cli for the command line.
manage-audit-filter-submit = Filter
manage-audit-caption = Events
manage-audit-when = When
manage-audit-who = Who
manage-audit-from = From
manage-audit-what = What
manage-audit-target = Target
manage-audit-details = Details
manage-audit-none = No events match.
manage-audit-newest = Newest
manage-audit-older = Older
manage-audit-bad-filter = This filter or page link is not valid; showing the log without it.
manage-audit-grant-revoke = Authorization revoked
manage-audit-client-create = Client created
manage-audit-client-revoke = Client revoked
manage-audit-client-rotate-secret = Client secret replaced
manage-audit-client-update = Client changed
manage-audit-client-delete = Client deleted
manage-audit-user-create = User created
manage-audit-user-update = User changed
manage-audit-user-disable = User disabled
manage-audit-user-enable = User enabled
manage-audit-user-roles = Roles changed
manage-audit-user-password = Password changed
manage-audit-scope-create = Scope registered
manage-audit-domain-create = Domain created
manage-audit-domain-update = Domain changed
manage-audit-domain-settings = Settings changed
manage-audit-sign-in = Signed in
manage-audit-admin-token-create = Admin API token created
manage-audit-admin-token-revoke = Admin API token revoked
manage-audit-keys-rotate = Signing keys rotated

manage-error-username = A username has 1 to 128 characters, with no spaces.
manage-error-username-taken = A user with this username already exists.
manage-error-email = Enter an email address, such as name@example.com.
manage-error-password = A password has at least 8 characters.
manage-error-roles = These roles cannot be given. A role name has 1 to 64 letters, digits, “-”, “_”, “:” or “.”.
manage-error-role-name = “{ $role }” is not a role name: use 1 to 64 letters, digits, “-”, “_”, “:” or “.”.
manage-error-role-manager = Only the server administrator appoints or removes managers.
manage-error-role-super-admin = The super-admin role exists only in the administrators’ domain, and only the server administrator gives it.
manage-error-role-refused = You cannot give or take the role “{ $role }”.
manage-error-attributes = These attributes cannot be saved: at most 50, keys of 1 to 64 lowercase letters, digits, “_”, “-” or “.”, values of at most 256 characters.
manage-error-attribute-line = Line { $line }: write key = value.
manage-error-attribute-twice = The key “{ $key }” is given twice.
manage-error-scope-name = A scope name is printable ASCII, with no spaces, quotes or backslashes.
manage-error-scope-taken = A scope with this name already exists.
manage-error-whole-number = Enter a whole number.
manage-error-seconds = Enter a number of seconds from { $min } to { $max }.
manage-error-days = Enter a number of days from { $min } to { $max }.
manage-error-invalid = This value cannot be accepted.

## Account: the profile's forms, and "My applications"

account-nav-my-apps = My applications
account-nav-vault = Vault
account-email-heading = Change your email address
account-email-new = Email address
account-email-submit = Save the email address
account-password-heading = Change your password
account-password-effect = Changing it signs you out everywhere else, on every other device and browser. You stay signed in here.
account-password-current = Current password
account-password-new = New password
account-password-new-hint = At least 8 characters.
account-password-repeat = Repeat the new password
account-password-submit = Change the password
account-done-email = Your email address was changed.
account-done-password = Your password was changed. Your other sessions were signed out; you are still signed in here.
account-error-email = Enter an email address, such as name@example.com.
account-error-password-repeat = The two new passwords are not the same. Type the new password again in both fields.
account-error-current-password = This is not your current password.
account-error-new-password = A password has at least 8 characters (and at most 1024 bytes).

account-my-apps-title = My applications
account-my-apps-intro = Applications you develop, registered so that the people of { $domain } can use them with their account.
account-my-apps-rights = A registered application acts for whoever approves it on the consent page, and only with what they approve. It never gets your rights, even though you registered it.
account-my-apps-how = It uses the authorization code grant with PKCE, and refresh tokens, authenticating with its client ID and secret. OAuth libraries find every endpoint in the domain’s metadata:
account-my-apps-metadata = Metadata
account-my-apps-list-heading = Your applications
account-my-apps-empty = You have not registered any application.
account-my-apps-col-auth = Authentication
account-my-apps-scopes-none = None
account-my-apps-auth-basic-short = HTTP Basic
account-my-apps-auth-post-short = Request body
account-my-apps-edit = Edit
account-my-apps-edit-named = Edit { $app }
account-my-apps-delete = Delete
account-my-apps-delete-named = Delete { $app }
account-my-apps-register-heading = Register an application
account-my-apps-name = Name
account-my-apps-name-hint = People see it on the consent page, e.g. “Photo Printer”.
account-my-apps-description = Description
account-my-apps-description-hint = Optional: what it does, in a sentence or two (at most 1000 characters). People see it among their authorized applications.
account-my-apps-redirect-uris = Redirect URIs
account-my-apps-redirect-uris-hint = One per line, 1 to 10, matched exactly: https, or http on a loopback address (127.0.0.1, [::1], localhost) for native apps, or a private-use scheme such as com.example.app:/callback. No #fragment.
account-my-apps-scopes = Scopes
account-my-apps-scopes-hint = The application may ask only for the scopes checked here. Each person sees them, as described, before approving.
account-my-apps-no-scopes = This domain has no registered scopes: the application’s tokens will only say who approved it.
account-my-apps-auth = Client authentication
account-my-apps-auth-basic = HTTP Basic, in the Authorization header (the default)
account-my-apps-auth-post = In the request body, as the client_id and client_secret fields
account-my-apps-register-submit = Register the application
account-my-apps-save = Save the changes
account-my-apps-back = Back to my applications
account-my-apps-not-found = This application is not among yours, or it was deleted.
account-my-apps-done-saved = Application saved.
account-my-apps-done-deleted = Application deleted. Everyone’s authorization of it has ended, and its tokens no longer work.
account-my-apps-already-title = Already registered
account-my-apps-already = This application was already registered: its secret was shown once and cannot be shown again. If you did not keep it, replace the secret from its page.
account-my-apps-rotated-already = This secret was already replaced: the new one was shown once and cannot be shown again. If you did not keep it, replace it again from the application’s page.
account-my-apps-error-description = A description has at most 1000 characters.
account-my-apps-error-scopes = Choose among the scopes listed.
account-my-apps-error-auth = Choose HTTP Basic or the request body.
account-my-apps-error-form = The application could not be saved. Check the form and try again.
account-my-apps-error-uri-count = Enter 1 to { $max } redirect URIs, one per line.
account-my-apps-error-uri-absolute = “{ $uri }” is not an absolute URI: write it in full, such as https://app.example/callback.
account-my-apps-error-uri-fragment = “{ $uri }” contains a #fragment, which a redirect URI may not have.
account-my-apps-error-uri-scheme = “{ $uri }” must use https, except on a loopback address (http://127.0.0.1, http://[::1], http://localhost) or with a private-use scheme such as com.example.app:/callback.

account-my-app-title = Edit { $app }
account-my-app-heading = Edit { $app }
account-my-app-edit-heading = Settings
account-my-app-secret-heading = Secret and deletion
account-my-app-secret-text = Its secret was shown once, when you registered it. If it leaked or you lost it, replace it. Deleting the application ends everyone’s authorization of it.
account-my-app-delete-button = Delete the application
account-my-app-rotate-effect = A new secret will be shown once. The current secret stops working at once: update your application with the new one.
account-my-app-rotate-tokens = People keep their authorization: tokens already issued keep working until they expire, and refresh tokens work with the new secret.
account-my-app-delete-title = Delete { $app }?
account-my-app-delete-heading = Delete { $app }?
account-my-app-delete-effect = Every person’s authorization of it ends: all its tokens stop working at once, and it can no longer ask anyone for access.
account-my-app-delete-final = This cannot be undone: to continue, register a new application, which people will have to approve again.
account-my-app-delete-submit = Delete the application
account-my-app-secret-for-others = It acts for whoever approves it, never with your rights.
account-my-app-secret-how-authorize = Send people to the authorization endpoint with response_type=code, this client ID, one of its redirect URIs, the scopes it needs, a state and a PKCE code_challenge (S256):
account-my-app-secret-how-token-basic = At the redirect URI, exchange the code at the token endpoint, authenticating with HTTP Basic:
account-my-app-secret-how-token-post = At the redirect URI, exchange the code at the token endpoint, with the client ID and secret in the request body:
account-my-app-secret-how-answer = The answer is JSON: an access_token that acts for that person, within the scopes they approved, and a refresh_token to get the next ones.
account-my-app-secret-done = Done: back to my applications

## Administering Jeton (/admin/...)

admin-header = Administration
admin-forbidden-title = Access denied
admin-forbidden = You are signed in, but you are not the server administrator. Only a user of the administrators’ domain with the super-admin role can see these pages.
admin-refused = This change cannot be made.
admin-domain-not-found = There is no domain by this name.
admin-manager-not-found = This domain has no manager by this name.
admin-consumer-not-found = This domain has no API consumer by this name, or it has already been revoked.
admin-token-not-found = There is no admin API token by this name, or it has already been revoked.
admin-back-domains = All domains
admin-back-domain = Back to the domain
admin-back-tokens = Back to the admin API tokens

admin-nav-label = Administration
admin-nav-title = Administration
admin-nav-overview = Overview
admin-nav-domains = Domains
admin-nav-tokens = Admin API tokens
admin-nav-audit = Audit log
admin-nav-as = Signed in as { $user }, server administrator
admin-nav-back = Back to the administrators’ domain

admin-state-enabled = Enabled
admin-state-disabled = Disabled

admin-overview-title = Administration
admin-overview-intro = What only the server administrator does: create and run domains, appoint their managers, give servers access to the API, and follow every change.
admin-overview-domains = Create domains, rename, disable or enable them, appoint their managers and create their API consumers.
admin-overview-domains-count =
    { $count ->
        [one] One domain
       *[other] { $count } domains
    }, { $disabled ->
        [0] none disabled
       *[other] { $disabled } disabled
    }
admin-overview-tokens = Tokens that scripts and automation send to the JSON API instead of signing in.
admin-overview-tokens-count =
    { $count ->
        [0] No token in use
        [one] One token in use
       *[other] { $count } tokens in use
    }
admin-overview-audit = Every change, in every domain: who did what, when and from where.

admin-domains-title = Domains
admin-domains-intro = Each domain has its own users, clients, scopes, signing keys, settings and issuer. A disabled domain answers “not found” everywhere until it is enabled again.
admin-domains-caption = Every domain, by slug
admin-domains-slug = Slug
admin-domains-name = Name
admin-domains-name-optional = Name (optional)
admin-domains-issuer = Issuer
admin-domains-state = State
admin-domains-created = Created
admin-domains-none = No domain yet.
admin-domains-create = Create a domain
admin-domains-slug-hint = 1 to 63 lowercase letters, digits and inner hyphens, such as acme-corp. It is part of the domain’s addresses and of its issuer, and never changes.
admin-domains-name-hint = What people read on its pages, such as Acme Corp. Left empty: the slug.
admin-domains-create-submit = Create the domain

admin-domain-back = All domains
admin-domain-metadata = Server metadata
admin-domain-manage = Open the manager pages of { $domain }
admin-domain-disabled-note = This domain is disabled: its pages, its OAuth endpoints and its API answer “not found” until it is enabled again.
admin-domain-rename-heading = Name
admin-domain-rename-hint = What people read on the domain’s pages. The slug and the issuer do not change.
admin-domain-rename-submit = Rename
admin-domain-managers-heading = Managers
admin-domain-managers-intro = Managers run the domain from its manager pages: its users and their roles, its clients, scopes, settings and audit log. Only you appoint or remove them.
admin-domain-managers-caption = Managers of { $domain }
admin-domain-manager-username = Username
admin-domain-manager-email = Email address
admin-domain-manager-remove = Remove
admin-domain-manager-remove-named = Remove { $user } as manager
admin-domain-managers-none = This domain has no manager yet.
admin-domain-appoint-label = Appoint a manager (username)
admin-domain-appoint-hint = A user of { $domain }. They get the manager role; their other roles stay.
admin-domain-appoint-submit = Appoint
admin-domain-standing-heading = Disable or enable
admin-domain-disable-note = Disabling the domain makes its pages, OAuth endpoints and API answer “not found”: nobody can sign in or get a token there until it is enabled again. Nothing is deleted.
admin-domain-disable = Disable the domain…
admin-domain-enable-note = The domain is disabled. Enabling it opens its pages, OAuth endpoints and API again, with everything it had.
admin-domain-enable = Enable the domain
admin-domain-main-note = This is the administrators’ domain: it cannot be disabled, or no administrator could sign in.
admin-domain-main-refused = The administrators’ domain cannot be disabled: no administrator could sign in any more.
admin-domain-done-created = The domain { $domain } was created. Appoint its managers below.
admin-domain-done-renamed = The domain is now called { $domain }.
admin-domain-done-disabled = The domain { $domain } is disabled.
admin-domain-done-enabled = The domain { $domain } is enabled.
admin-domain-done-appointed = { $user } is now a manager of { $domain }.
admin-domain-done-removed = { $user } is no longer a manager of { $domain }.

admin-consumers-heading = API consumers
admin-consumers-intro = Confidential clients the domain itself owns, for server-to-server use: a client ID and a secret, with client credentials or the authorization code.
admin-consumers-caption = API consumers of { $domain }
admin-consumers-name = Name
admin-consumers-grants = Grant types
admin-consumers-none = This domain has no API consumer yet.
admin-consumers-rotate = Rotate secret
admin-consumers-rotate-named = Rotate the secret of { $client }
admin-consumers-create = Create an API consumer
admin-consumers-name-hint = What it is for, such as Billing sync. People read it on the consent page when it uses the authorization code.
admin-consumers-grants-hint = With none checked: client credentials, or the authorization code when redirect URIs are given.
admin-grant-client-credentials = Client credentials
admin-grant-client-credentials-hint = The server authenticates with its client ID and secret, and acts for itself.
admin-grant-code = Authorization code, with refresh tokens
admin-grant-code-hint = People sign in and approve it, and it acts for them. It needs a redirect URI.
admin-consumers-redirect-uris = Redirect URIs
admin-consumers-redirect-uris-hint = One per line, for the authorization code: https, or http on a loopback address such as 127.0.0.1.
admin-consumers-scopes = Scopes
admin-consumers-scopes-hint = What it may request. With none checked, its tokens carry no scope.
admin-consumers-no-scopes = This domain has no registered scope.
admin-consumers-create-submit = Create the consumer
admin-consumers-done-revoked = The API consumer { $client } was revoked: it cannot get tokens any more, and its tokens no longer work.
admin-consumer-already-title = Already created
admin-consumer-already = This form was already sent: the API consumer exists, and its secret was shown once, on the page that answered it. If it was not kept, rotate the secret from the domain’s page.
admin-rotated-already-title = Secret already replaced
admin-rotated-already = This secret was already replaced: the new one was shown once, on the page that answered. If it was not kept, rotate the secret again from the domain’s page.

admin-confirm-domain = Domain
admin-confirm-token-id = Token ID
admin-confirm-final = This cannot be undone.
admin-confirm-disable-title = Disable { $domain }?
admin-confirm-disable-heading = Disable { $domain }?
admin-confirm-disable-effect = Its pages, OAuth endpoints and API will answer “not found”: nobody can sign in, and no client can get or check a token.
admin-confirm-disable-again = Nothing is deleted: enabling the domain again brings everything back.
admin-confirm-disable-submit = Disable the domain
admin-confirm-remove-title = Remove { $user } as manager?
admin-confirm-remove-heading = Remove { $user } as manager?
admin-confirm-remove-effect = They lose the manager role in { $domain } and can no longer open its manager pages. Their account and their other roles stay.
admin-confirm-remove-again = You can appoint them again at any time.
admin-confirm-remove-submit = Remove the manager
admin-confirm-rotate-title = New secret for { $client }?
admin-confirm-rotate-heading = Replace the secret of { $client }?
admin-confirm-rotate-effect = A new secret will be shown once. The current secret stops working at once: update the servers that use it.
admin-confirm-rotate-tokens = Tokens it already has keep working until they expire.
admin-confirm-rotate-submit = Replace the secret
admin-confirm-revoke-consumer-title = Revoke { $client }?
admin-confirm-revoke-consumer-heading = Revoke { $client }?
admin-confirm-revoke-consumer-effect = The consumer stops authenticating at once, and every grant and token issued to it ends now.
admin-confirm-revoke-consumer-submit = Revoke the consumer
admin-confirm-revoke-token-title = Revoke { $token }?
admin-confirm-revoke-token-heading = Revoke the admin API token { $token }?
admin-confirm-revoke-token-effect = Every call that sends it is refused from now on, on every instance.
admin-confirm-revoke-token-submit = Revoke the token

admin-secret-created-title = { $client } created
admin-secret-created-heading = { $client } is ready
admin-secret-created-owner = An API consumer of { $domain }: it acts for itself, or for the people who approve it.
admin-secret-rotated-title = New secret for { $client }
admin-secret-rotated-heading = New secret for { $client }
admin-secret-rotated-old = The previous secret no longer works.
admin-secret-once = Copy it now: it will not be shown again.
admin-secret-keep = Keep the secret somewhere safe, like a password. Jeton keeps only a fingerprint of it and cannot show it later.
admin-secret-client-id = Client ID
admin-secret-secret = Client secret
admin-secret-token-endpoint = Token endpoint
admin-secret-copy-id = Copy the client ID
admin-secret-copied-id = Client ID copied.
admin-secret-copy-secret = Copy the secret
admin-secret-copied-secret = Secret copied.
admin-secret-how-heading = How to use it
admin-secret-how = Ask the token endpoint for an access token with the client credentials grant, authenticating with HTTP Basic:
admin-secret-how-code = It gets tokens with the authorization code: send people to the domain’s authorization endpoint, then redeem the code at the token endpoint with HTTP Basic.
admin-secret-copy-example = Copy the example
admin-secret-copied-example = Example copied.
admin-secret-done = Done: back to { $domain }

admin-tokens-title = Admin API tokens
admin-tokens-intro = For scripts and automation: sent as “Authorization: Bearer …” to the JSON API. Scope admin reaches everything you may do; domain:SLUG reaches that domain’s management calls only, with a manager’s rights. They are checked on every call, so a revocation stops them at once.
admin-tokens-caption = Admin API tokens, newest first
admin-tokens-name = Name
admin-tokens-scope = Scope
admin-tokens-created-by = Created by
admin-tokens-expires = Valid through
admin-tokens-none = No admin API token yet.
admin-tokens-revoke = Revoke
admin-tokens-revoke-named = Revoke { $token }
admin-tokens-create = Create a token
admin-tokens-name-hint = What it is for, such as Nightly provisioning. The audit log names it token:NAME.
admin-tokens-scope-all = Every domain, and administration (admin)
admin-tokens-scope-domain = { $domain } only ({ $scope })
admin-tokens-scope-hint = Give it no more than the job needs.
admin-tokens-expires-label = Expiry date
admin-tokens-expires-hint = It works through the end of this day (UTC), at most a year: { $latest } at the latest.
admin-tokens-create-submit = Create the token
admin-tokens-done-revoked = The token { $token } was revoked: every call that sends it is refused.
admin-token-already-title = Already created
admin-token-already = This form was already sent: the token exists, and it was shown once, on the page that answered it. If it was not kept, revoke it and create another.

admin-token-secret-title = { $token } created
admin-token-secret-heading = The token { $token } is ready
admin-token-secret-all = It reaches every call of the JSON API that you may make.
admin-token-secret-domain = It reaches the management calls of one domain only ({ $scope }), with a manager’s rights.
admin-token-secret-keep = Keep it somewhere safe, like a password. Jeton keeps only a fingerprint of it and cannot show it later.
admin-token-secret-value = Token
admin-token-secret-copy = Copy the token
admin-token-secret-copied = Token copied.
admin-token-secret-how = Send it in the Authorization header of each call:
admin-token-secret-revoke = If it leaks, revoke it from the list: it stops working at once.
admin-token-secret-done = Done: back to the tokens

admin-audit-title = Audit log
admin-audit-intro = Every domain’s events and the global ones (domains created, admin API tokens), newest first.
admin-audit-domain = Domain
admin-audit-any-domain = Every domain
admin-audit-global = Global
admin-audit-actor-hint = A username, token:NAME for an admin API token, or cli for the command line.

admin-error-slug = A slug has 1 to 63 lowercase letters, digits and hyphens, and neither starts nor ends with a hyphen.
admin-error-slug-taken = A domain with the slug “{ $slug }” already exists.
admin-error-domain-name = A domain name has 1 to 200 characters.
admin-error-no-such-user = { $domain } has no user “{ $user }”. Create the user from the domain’s manager pages first.
admin-error-consumer-name = Give it a name of 1 to 200 characters.
admin-error-redirect-uri = “{ $uri }” cannot be a redirect URI: use an absolute https address without a fragment (http only on a loopback address).
admin-error-redirect-needed = The authorization code needs at least one redirect URI.
admin-error-grants = Choose among the grant types offered.
admin-error-scopes = Choose among the domain’s registered scopes.
admin-error-token-name = Give it a name of 1 to 100 characters.
admin-error-token-scope = Choose every domain or one of the domains listed.
admin-error-token-expires = Choose a date from { $earliest } to { $latest }.

## OpenID Connect's own scopes, shown on the consent page and in "Authorized applications".
scope-standard-openid = Confirm who you are when you sign in to it
scope-standard-profile = See your username and the name on your profile
scope-standard-email = See your email address
scope-standard-offline-access = Keep access while you are away, until you revoke it

## The authorization response posted to the application (response_mode=form_post).
form-post-title = Returning to the application
form-post-heading = Returning to the application…
form-post-message = If nothing happens, continue with the button.
form-post-continue = Continue

## Vault (audit log labels)
manage-audit-vault-create = Vault credential created
manage-audit-vault-delete = Vault credential deleted
manage-audit-vault-use = Vault token handed out
manage-audit-vault-renew = Vault token renewed at the provider
manage-audit-vault-needs-reauthorization = Vault credential needs re-authorization
manage-audit-vault-permit = Vault permission granted
manage-audit-vault-edit = Vault credential changed
manage-audit-vault-revoke-permission = Vault permission removed
manage-audit-vault-authorize = Vault credential authorized in the browser

## The vault's pages (ui/vault): credentials for outside OAuth providers, for jobs.
vault-title = Vault
vault-intro = Credentials for outside OAuth providers. Jobs ask Jeton for a token and get a fresh one; secrets are never shown again after saving.
vault-containers = Containers
vault-in-container = Credentials in { $container }
vault-empty = No credential here that you may see.
vault-new = New credential
vault-back = Back to the vault
vault-back-to = Back to { $container }
vault-back-credential = Back to the credential
vault-status = Status
vault-status-new = Not authorized yet
vault-status-authorized = Authorized
vault-status-needs-reauthorization = Needs re-authorization
vault-needs-reauthorization-hint = The provider refused to renew the token. Authorize again, or fix the credential.
vault-needs-reauthorization-text = This credential needs re-authorization: { $detail }
vault-expires = Access token expires
vault-no-token = No access token
vault-refresh-token = Refresh token
vault-last-used = Last used
vault-never = Never
vault-none = None
vault-yes = Yes
vault-no = No
vault-secret-set = Set
vault-secret-set-ending = Set (ends in …{ $tail })
vault-settings = Settings
vault-authorize = Authorize and save
vault-obtain = Obtain token
vault-save = Save
vault-delete = Delete
vault-cancel = Cancel
vault-redirect-uri = Redirect URI to register at the provider
vault-redirect-uri-hint = Add this address to the redirect URIs of the client at the provider before you authorize. Add each address if Jeton is reached under several.
vault-grant-authorization-code = Authorization code
vault-grant-implicit = Implicit
vault-grant-client-credentials = Client credentials
vault-grant-password = Resource owner password
vault-field-name = Name
vault-field-container = Container
vault-field-grant = Grant type
vault-field-authorization-endpoint = Authorization endpoint
vault-field-token-endpoint = Token endpoint
vault-field-revocation-endpoint = Revocation endpoint
vault-field-client-id = Client ID
vault-field-client-secret = Client secret
vault-field-scope = Scope
vault-field-client-auth = Client authentication
vault-field-username = Username
vault-field-password = Password
vault-field-extra-params = Extra token parameters
vault-field-pkce = Send PKCE (S256) with the authorization code
vault-field-allow-jobs = Allow use by jobs over the HTTP API
vault-field-owner = Owner
vault-field-id = Credential ID
vault-field-updated = Last changed
vault-hint-container = A folder such as /team/crm; / when empty.
vault-hint-authorization-endpoint = For the authorization code and implicit grants. https (http only to this machine).
vault-hint-token-endpoint = https (http only to this machine).
vault-hint-revocation-endpoint = Optional: deleting the credential revokes its tokens there.
vault-hint-client-secret = Kept encrypted; never shown again.
vault-hint-scope = Space-separated, as the provider names them.
vault-hint-username = For the resource owner password grant only.
vault-hint-extra-params = One NAME=VALUE per line, e.g. audience=https://api.example.
vault-auth-header = In the Authorization header (HTTP Basic)
vault-auth-body = In the request body
vault-new-title = New credential
vault-new-intro = Fill in what the provider gave you when you registered the client there.
vault-error-name = Give a name of 1 to 100 characters, without '/'. Names are unique within a container.
vault-error-container = A container is / or /name/name, each name of letters, digits, '-', '_', '.' or spaces.
vault-error-grant = Choose one of the grant types.
vault-error-endpoint = Give an absolute https URL (http only to localhost), without user name or #fragment. The authorization code and implicit grants need the authorization endpoint.
vault-error-client-id = Give the client ID (1 to 512 characters).
vault-error-client-secret = Client credentials need the client secret.
vault-error-client-auth = Choose how the client authenticates.
vault-error-username = The password grant needs a username and a password; the other grants take neither.
vault-error-extra-params = Write one NAME=VALUE per line; the vault sets grant_type, client_id, scope and the like itself.
vault-error-conflict = A credential of this name is already in this container.
vault-error-forbidden-container = You may not create credentials in this container.
vault-not-found = This credential does not exist, or you may not see it.
vault-forbidden-title = Not allowed
vault-forbidden = You may not do this with this credential.
vault-invalid = This request cannot be done with this credential.
vault-renewal-busy = Another instance is renewing this credential's token right now. Try again in a few seconds.
vault-sealing = A stored secret of this credential cannot be opened with the configured encryption keys. Tell an administrator.
vault-provider-failed-title = The provider did not give a token
vault-provider-failed = The provider did not give a token: { $detail }
vault-provider-refused-title = The provider did not authorize
vault-provider-refused = The provider refused: { $error }
vault-provider-refused-described = The provider refused: { $error } ({ $description })
vault-provider-incomplete = The provider's answer has no { $missing }. Try again, or check the grant type.
vault-state-title = This authorization cannot be finished
vault-state-unknown = This answer from the provider belongs to no authorization you started here. Start again from the credential's page.
vault-state-expired = This authorization took longer than 10 minutes. Start again from the credential's page.
vault-state-used = This authorization was already finished (was the page reloaded?). Look at the credential's status.
vault-done-created = The credential was saved.
vault-done-authorized = Authorization granted: the credential holds new tokens.
vault-done-obtained = The credential holds a valid access token.
vault-done-deleted = The credential was deleted.
vault-done-deleted-revoked = The credential was deleted and its tokens revoked at the provider.
vault-done-deleted-not-revoked = The credential was deleted, but the provider did not confirm the revocation of its tokens.
vault-delete-title = Delete { $name }?
vault-delete-heading = Delete { $name }?
vault-delete-effect = The credential leaves { $container }; jobs that use it get no more tokens.
vault-delete-revokes = Its tokens are revoked at the provider first.
vault-delete-no-revocation = It has no revocation endpoint: its tokens stay valid at the provider until they expire.
vault-fragment-title = Finishing the authorization
vault-fragment-working = Saving the token the provider sent…
vault-fragment-noscript = This step needs JavaScript. Turn it on, then start again from the credential's page.
vault-fragment-submit = Continue
vault-permissions = Permissions
vault-permissions-hint = Who may see (view), obtain tokens with (use) or change (edit) this credential, besides its owner and the vault-admin role.
vault-permissions-none = No permission applies to this credential.
vault-container-permissions-title = Permissions on { $container }
vault-container-permissions-hint = What is given here applies to every credential in this container and in the containers under it, besides each credential's owner and the vault-admin role.
vault-container-permissions-none = No permission applies to this container.
vault-container-permissions-link = Permissions of this container
vault-permission-inherited = from { $container }
vault-permission-remove = Remove
vault-permission-kind = Give to
vault-permission-name = Username, role or client ID
vault-permission-access = Access
vault-permission-grant = Give permission
vault-permission-invalid = Choose view, use or edit.
vault-permission-no-grantee = There is no such user or API consumer in this domain (or the role name is not valid).
vault-grantee-user = User
vault-grantee-role = Role
vault-grantee-client = API consumer
vault-access-view = View
vault-access-use = Use
vault-access-edit = Edit
vault-done-permitted = The permission was given.
vault-done-unpermitted = The permission was removed.
vault-edit = Edit
vault-edit-title = Edit { $name }
vault-edit-intro = Leave a secret empty to keep it. Changing what the tokens depend on (endpoints, client, scope, grant, username or password) drops the stored tokens.
vault-done-edited = The changes were saved.
vault-done-edited-reset = The changes were saved; the stored tokens were dropped, so the credential must be authorized again (or obtains a token on its next use).
vault-done-edited-unrevoked = The changes were saved and the stored tokens dropped, but the provider did not confirm their revocation: they may stay valid there until they expire.
