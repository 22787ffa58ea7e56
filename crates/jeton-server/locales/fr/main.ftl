# Les pages de Jeton en français. Chaque message a son jumeau dans ../en/main.ftl (un test
# unitaire de src/web/locale.rs le vérifie dans les deux sens). Les arguments ({ $name })
# sont insérés en texte brut et la page échappe tout le message : pas de balises ici.
# Typographie : espace insécable (U+00A0) avant « ? », « : » et « ! », et à l’intérieur
# des guillemets ; apostrophe typographique (’).

## Mise en page

# Le lien vers l’autre langue, écrit dans cette langue.
lang-switch = English

## Erreurs

error-not-found-title = Page introuvable
error-not-found = Il n’y a rien à cette adresse.
error-no-such-domain = Ce domaine n’existe pas sur ce serveur.
error-too-large-title = Requête trop volumineuse
error-too-large = Le formulaire envoyé est trop volumineux.
error-bad-request-title = Requête invalide
error-bad-redirect = L’adresse de redirection est mal formée.
error-bad-language = Cette langue n’est pas disponible. Choisissez le français ou l’anglais.
error-conflict-title = Existe déjà
error-conflict = Ce que vous avez essayé de créer existe déjà. Revenez en arrière, modifiez-le et réessayez.
error-internal-title = Une erreur s’est produite
error-internal = Le serveur n’a pas pu traiter votre demande. L’erreur a été enregistrée.
error-unavailable-title = Service momentanément indisponible
error-unavailable = Le serveur n’a pas pu traiter votre demande. Veuillez réessayer dans un instant.
error-expired-title = Ce formulaire a expiré
error-expired = Le formulaire n’a pas été envoyé depuis ce site ou a expiré. Revenez en arrière, rechargez la page et réessayez.
error-metrics = Les métriques n’ont pas pu être écrites.
# Texte brut, quand une page ne peut pas s’afficher.
error-render = Une erreur s’est produite de notre côté.

## Demandes d’autorisation qui ne peuvent pas revenir à l’application

authorize-error-title = Cette demande de connexion ne peut pas aboutir
authorize-missing-client-id = La demande ne précise aucune application (client_id manquant).
authorize-unknown-client = L’application qui vous a envoyé ici n’est pas enregistrée sur ce serveur.
authorize-repeated-parameter = La demande répète le paramètre « { $name } ».
authorize-missing-redirect-uri = L’application a plusieurs adresses de retour enregistrées et n’a pas indiqué laquelle utiliser (redirect_uri manquant).
authorize-unregistered-redirect-uri = L’adresse de retour (redirect_uri) de la demande n’est pas enregistrée pour cette application : vous n’y avez donc pas été renvoyé.

## Connexion

login-title = Connexion à { $domain }
login-heading = Connexion
login-to-continue = pour continuer vers { $client }
login-with-account = avec votre compte { $domain }
login-username = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-incorrect = Nom d’utilisateur ou mot de passe incorrect.
login-throttled = Trop de tentatives infructueuses. Réessayez dans { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    }.

## Consentement

consent-title = Autoriser { $client } ?
consent-heading = { $client } souhaite accéder à votre compte
consent-signed-in-as = Connecté en tant que { $user }
consent-not-you = Ce n’est pas vous ? Se déconnecter
consent-no-scopes = { $client } ne demande aucune autorisation particulière, seulement de savoir que vous êtes connecté.
consent-will-allow = { $client } pourra :
consent-sent-back = Après votre choix, vous serez renvoyé vers { $host }.
consent-deny = Refuser
consent-allow = Autoriser
consent-choose = Choisissez Autoriser ou Refuser.

## Déconnexion

logout-title = Déconnexion de { $domain }
logout-heading = Se déconnecter de { $domain } ?
logout-signed-in-as = Vous êtes connecté en tant que { $user }.
logout-submit = Se déconnecter
signed-out-title = Déconnecté de { $domain }
signed-out-heading = Vous êtes déconnecté.
signed-out-message = Vous avez été déconnecté de { $domain }.
signed-out-sign-in-again = Se reconnecter

## Compte

account-title = Votre compte
account-username = Nom d’utilisateur
account-email = Adresse e-mail
account-email-not-set = Non renseignée
account-roles = Rôles
account-no-roles = Aucun rôle
account-sign-out = Se déconnecter
account-back = Retour à { $domain }
account-nav-label = Votre compte
account-nav-profile = Profil
account-nav-applications = Applications autorisées
account-nav-clients = Mes clients OAuth
account-back-profile = Retour à votre profil
account-refused = Cette action n’a pas pu aboutir. Revenez en arrière, rechargez la page et réessayez.

## Applications autorisées

apps-title = Applications autorisées
apps-intro = Les applications que vous avez autorisées à utiliser votre compte. Révoquez-en une : elle perd son accès immédiatement.
apps-done-revoked = Accès révoqué. Les jetons de l’application ne fonctionnent plus.
apps-empty = Vous n’avez autorisé aucune application.
apps-no-scopes = Elle n’a demandé aucune autorisation particulière, seulement de savoir que vous êtes connecté.
apps-may = Elle peut :
apps-approved = Autorisée le
apps-last-used = Dernière utilisation
apps-never = Jamais
apps-revoke = Révoquer
apps-revoke-named = Révoquer l’accès de { $app }
apps-back = Retour aux applications autorisées
apps-not-found = Cette application ne fait pas partie de celles que vous avez autorisées. Son accès a peut-être déjà été révoqué.

## Confirmations

confirm-cancel = Annuler
confirm-revoke-app-title = Révoquer { $app } ?
confirm-revoke-app-heading = Révoquer l’accès de { $app } ?
confirm-revoke-app-effect = { $app } n’aura plus accès à votre compte : tous ses jetons cessent de fonctionner immédiatement.
confirm-revoke-app-again = Pour utiliser de nouveau { $app }, vous devrez l’autoriser de nouveau.
confirm-revoke-app-submit = Révoquer l’accès
confirm-rotate-title = Nouveau secret pour { $client } ?
confirm-rotate-heading = Remplacer le secret de { $client } ?
confirm-rotate-effect = Un nouveau secret sera affiché une seule fois. Le secret actuel cesse de fonctionner immédiatement : mettez vos scripts à jour avec le nouveau.
confirm-rotate-tokens = Les jetons qu’il a déjà obtenus restent valables jusqu’à leur expiration.
confirm-rotate-submit = Remplacer le secret
confirm-revoke-client-title = Révoquer { $client } ?
confirm-revoke-client-heading = Révoquer { $client } ?
confirm-revoke-client-effect = Le client ne pourra plus obtenir de jetons, et tous ses jetons cessent de fonctionner immédiatement.
confirm-revoke-client-final = C’est définitif : pour continuer, créez un nouveau client.
confirm-revoke-client-submit = Révoquer le client

## Mes clients OAuth

clients-title = Mes clients OAuth
clients-intro = Des clients pour vos propres scripts et SDK : ils obtiennent des jetons avec leur identifiant et leur secret client, au lieu de votre mot de passe.
clients-done-revoked = Client révoqué. Il ne peut plus obtenir de jetons, et ses jetons ne fonctionnent plus.
clients-rights = Un client personnel agit avec exactement vos droits, jamais plus : si vous perdez un droit, le client le perd aussi.
clients-how = Il utilise l’octroi « identifiants du client » (client credentials), en s’authentifiant par HTTP Basic (identifiant et secret client), à l’adresse :
clients-token-endpoint = Point de terminaison du jeton
clients-list-heading = Vos clients
clients-empty = Vous n’avez pas encore de client personnel.
clients-col-name = Nom
clients-client-id = Identifiant client
clients-col-status = État
clients-col-created = Créé le
clients-col-expires = Valable jusqu’au
clients-col-last-used = Dernière utilisation
clients-col-actions = Actions
clients-status-active = Actif
clients-status-expired = Expiré
clients-status-revoked = Révoqué
clients-rotate = Renouveler le secret
clients-rotate-named = Renouveler le secret de { $client }
clients-revoke = Révoquer
clients-revoke-named = Révoquer { $client }
clients-create-heading = Créer un client
clients-name = Nom
clients-name-hint = Son usage, par exemple « Sauvegarde nocturne ».
clients-expires = Date d’expiration
clients-expires-hint = Il fonctionne jusqu’à la fin de ce jour (UTC), au plus tard le { $latest }.
clients-scopes = Portées
clients-scopes-hint = Le client obtient exactement les portées cochées, et jamais plus que les vôtres. Si aucune n’est cochée, ses jetons ne portent aucune portée : ils indiquent seulement qui vous êtes.
clients-no-scopes = Vous n’avez aucune portée : ses jetons n’en porteront aucune et indiqueront seulement qui vous êtes.
clients-create-submit = Créer le client
clients-error-name = Donnez-lui un nom de 1 à 200 caractères.
clients-error-expires = Choisissez une date entre le { $earliest } et le { $latest }.
clients-error-scopes = Choisissez parmi les portées proposées : un client ne peut obtenir que des portées que vous avez.
clients-error-form = Le client n’a pas pu être créé. Vérifiez le formulaire et réessayez.
clients-already-title = Déjà créé
clients-already = Ce client a déjà été créé : son secret a été affiché une seule fois et ne peut plus l’être. Si vous ne l’avez pas conservé, remplacez le secret depuis la liste.
clients-rotated-already-title = Secret déjà remplacé
clients-rotated-already = Ce secret a déjà été remplacé : le nouveau a été affiché une seule fois et ne peut plus l’être. Si vous ne l’avez pas conservé, remplacez-le de nouveau depuis la liste.
clients-back = Retour à mes clients OAuth
clients-not-found = Ce client ne fait pas partie des vôtres, ou il a été révoqué.

## Un secret client, affiché une seule fois

secret-created-title = { $client } créé
secret-created-heading = { $client } est prêt
secret-created-rights = Il agit avec exactement vos droits.
secret-rotated-title = Nouveau secret pour { $client }
secret-rotated-heading = Nouveau secret pour { $client }
secret-rotated-old = L’ancien secret ne fonctionne plus.
secret-once = Copiez le secret maintenant : il ne sera plus affiché.
secret-keep = Conservez-le en lieu sûr, comme un mot de passe. Jeton n’en garde qu’une empreinte et ne pourra pas vous le montrer plus tard.
secret-secret = Secret client
secret-copy-id = Copier l’identifiant client
secret-copied-id = Identifiant client copié.
secret-copy-secret = Copier le secret
secret-copied-secret = Secret copié.
secret-how-heading = Comment l’utiliser
secret-how = Demandez un jeton d’accès au point de terminaison du jeton avec l’octroi « identifiants du client », en vous authentifiant par HTTP Basic :
secret-copy-example = Copier l’exemple
secret-copied-example = Exemple copié.
secret-how-answer = La réponse est en JSON ; envoyez son access_token à vos API dans l’en-tête « Authorization: Bearer … ».
secret-done = Terminé : retour à mes clients OAuth

## Page d’accueil (/)

start-title = Bienvenue
start-heading = Bienvenue sur Jeton
start-intro = Jeton connecte les personnes et permet aux applications qu’elles approuvent d’utiliser en leur nom les API de votre organisation, avec des accès qu’elles voient et peuvent révoquer.
start-sign-in-to = Se connecter à { $domain }
start-other-domain = Une autre organisation ?
start-domain-label = Le domaine de votre organisation
start-domain-hint = Le nom court de votre adresse de connexion, comme dans /d/acme/.
start-domain-submit = Continuer
start-domain-empty = Saisissez le domaine de votre organisation.
start-domain-malformed = Un domaine ne contient que des lettres minuscules, des chiffres et des traits d’union.
start-domain-not-found = Domaine introuvable.
start-developers = Pour les développeurs
start-api-docs = Description de l’API (OpenAPI)
start-metadata = Métadonnées du serveur d’autorisation de { $domain }

## Page d’accueil d’un domaine (/d/{d}/)

domain-start-signed-out = Connectez-vous avec votre compte { $domain } pour voir votre compte et ce que vous pouvez faire ici.
domain-start-sign-in = Se connecter
domain-start-signed-in-as = Connecté en tant que { $user }
domain-start-account = Votre compte
domain-start-manage = Gérer ce domaine
domain-start-admin = Administration du serveur
domain-start-sign-out = Se déconnecter
domain-start-issuer = Émetteur
domain-start-metadata = Métadonnées du serveur d’autorisation
