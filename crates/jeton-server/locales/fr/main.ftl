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
consent-claims-heading = { $client } demande aussi à lire :
consent-claims-preferred-username = Votre nom d’utilisateur
consent-claims-name = Votre nom complet
consent-claims-given-name = Votre prénom
consent-claims-family-name = Votre nom de famille
consent-claims-locale = Votre langue et votre région
consent-claims-zoneinfo = Votre fuseau horaire
consent-claims-email = Votre adresse e-mail
consent-claims-email-verified = Si votre adresse e-mail est vérifiée

## Déconnexion

logout-title = Déconnexion de { $domain }
logout-heading = Se déconnecter de { $domain } ?
logout-signed-in-as = Vous êtes connecté en tant que { $user }.
logout-submit = Se déconnecter
signed-out-title = Déconnecté de { $domain }
signed-out-heading = Vous êtes déconnecté.
signed-out-message = Vous avez été déconnecté de { $domain }.
signed-out-sign-in-again = Se reconnecter
end-session-asked-by = { $app } vous demande de vous déconnecter.
end-session-other-account = L’application avait connecté un autre compte ; c’est la session de ce navigateur qui prend fin.
end-session-stay = Rester connecté
end-session-not-returned = L’application a demandé à vous renvoyer vers elle, mais rien ne confirme que cette adresse est la sienne : vous restez ici.

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

## Gestion d’un domaine (/d/{d}/manage/...)

manage-forbidden-title = Accès refusé
manage-forbidden = Vous êtes connecté, mais vous ne gérez pas ce domaine. Seuls ses managers et l’administrateur du serveur peuvent voir ces pages.
manage-refused-title = Action refusée
manage-refused = Vous ne pouvez pas faire cette modification : un manager ne modifie ni un autre manager ni un administrateur, et ne peut pas désactiver son propre compte.
manage-user-not-found = Ce domaine n’a pas d’utilisateur de ce nom.
manage-client-not-found = Ce domaine n’a pas de client de ce nom, ou il a déjà été révoqué.
manage-none = Aucun
manage-cancel = Annuler
manage-actions = Actions

manage-nav-label = Gestion du domaine
manage-nav-title = Gestion
manage-nav-overview = Vue d’ensemble
manage-nav-users = Utilisateurs
manage-nav-clients = Clients OAuth
manage-nav-scopes = Portées
manage-nav-settings = Paramètres
manage-nav-audit = Journal d’audit
manage-nav-as-manager = Connecté en tant que { $user }, manager
manage-nav-as-admin = Connecté en tant que { $user }, administrateur du serveur
manage-nav-back = Retour à { $domain }

manage-pager-label = Pages
manage-pager-first = Première page
manage-pager-next = Page suivante

manage-overview-title = Gestion
manage-overview-heading = Gérer { $domain }
manage-overview-intro = Tout ce qui se fait ici ne concerne que ce domaine, et chaque modification est inscrite au journal d’audit.
manage-overview-users = Créer des utilisateurs, leur accorder des rôles (comme celui qui permet les clients OAuth personnels), définir leurs attributs, les désactiver ou les réactiver.
manage-overview-clients = Lister, trier et filtrer tous les clients OAuth du domaine, ses applications et les clients personnels de ses utilisateurs, et révoquer n’importe lequel d’entre eux.
manage-overview-scopes = Les autorisations que les applications peuvent demander, ce que chacune signifie et qui peut la détenir.
manage-overview-settings = La durée de vie des jetons, le délai de grâce du renouvellement, et si les utilisateurs peuvent créer des clients personnels.
manage-overview-audit = Qui a fait quoi, quand et d’où.

manage-state-active = Actif
manage-state-disabled = Désactivé
manage-status-active = Actif
manage-status-expired = Expiré
manage-status-revoked = Révoqué
manage-kind-application = Application
manage-kind-personal = Personnel
manage-kind-consumer = Consommateur d’API

manage-users-title = Utilisateurs
manage-users-intro = Les personnes qui peuvent se connecter à ce domaine.
manage-users-search = Rechercher par nom d’utilisateur
manage-users-search-submit = Rechercher
manage-users-caption = Utilisateurs, par nom d’utilisateur
manage-users-caption-search = Utilisateurs dont le nom contient « { $search } »
manage-users-username = Nom d’utilisateur
manage-users-email = Adresse e-mail
manage-users-email-optional = Adresse e-mail (facultative)
manage-users-roles = Rôles
manage-users-state = État
manage-users-created = Créé le
manage-users-none = Aucun utilisateur trouvé.
manage-users-create = Créer un utilisateur
manage-users-password = Mot de passe initial (facultatif)
manage-users-password-hint = Au moins 8 caractères. Laissé vide, l’utilisateur ne peut pas se connecter tant qu’aucun mot de passe n’est défini.
manage-roles-hint = Noms de rôles séparés par des espaces. personal-clients permet à l’utilisateur de créer ses propres clients OAuth pour ses scripts et SDK, avec exactement ses propres permissions. Seul l’administrateur du serveur accorde ou retire le rôle manager.
manage-users-create-submit = Créer l’utilisateur

manage-user-back = Tous les utilisateurs
manage-user-attributes = Attributs
manage-user-clients = Clients OAuth de { $user }
manage-user-protected = Cet utilisateur est manager ou administrateur : seul l’administrateur du serveur peut le modifier.
manage-user-roles-heading = Rôles
manage-user-roles-submit = Enregistrer les rôles
manage-user-attributes-label = Un attribut par ligne, sous la forme clé = valeur
manage-user-attributes-hint = Les clés s’écrivent en lettres minuscules, chiffres, « _ », « - » ou « . » ; les valeurs sont des textes de 256 caractères au plus. Des portées peuvent découler des attributs. Videz le champ pour tous les supprimer.
manage-user-attributes-submit = Enregistrer les attributs
manage-user-standing-heading = Accès
manage-user-disabled-note = Cet utilisateur est désactivé : il ne peut pas se connecter, et ses jetons et clients personnels ne fonctionnent pas.
manage-user-enable = Réactiver l’utilisateur
manage-user-disable-note = La désactivation met fin immédiatement aux sessions de l’utilisateur et arrête ses jetons et ses clients personnels. Vous pourrez le réactiver.
manage-user-disable = Désactiver l’utilisateur…
manage-user-self = C’est votre propre compte : vous ne pouvez pas le désactiver.
manage-user-created = L’utilisateur a été créé.
manage-user-disabled = L’utilisateur a été désactivé. Ses sessions sont terminées et ses jetons ne fonctionnent plus.
manage-user-enabled = L’utilisateur a été réactivé.
manage-user-roles-saved = Les rôles ont été enregistrés.
manage-user-attributes-saved = Les attributs ont été enregistrés.

manage-disable-title = Désactiver { $user } ?
manage-disable-heading = Désactiver { $user } ?
manage-disable-consequences = Cette personne sera déconnectée partout, ne pourra plus se connecter, et tous les jetons émis pour elle ou pour ses clients personnels cesseront aussitôt de fonctionner.
manage-disable-reversible = Rien n’est supprimé : la réactiver lui rend ses accès (les jetons expirés entre-temps restent expirés).
manage-disable-submit = Désactiver

manage-clients-title = Clients OAuth
manage-clients-intro = Tous les clients du domaine : applications, consommateurs d’API et clients personnels de ses utilisateurs.
manage-clients-filter-label = Filtrer les clients
manage-clients-filter-q = Le nom contient
manage-clients-filter-owner = Propriétaire (nom d’utilisateur)
manage-clients-filter-status = Statut
manage-clients-status-any = Tous
manage-clients-filter-submit = Filtrer
manage-clients-filter-clear = Effacer les filtres
manage-clients-caption = Clients OAuth (choisissez un en-tête de colonne pour trier)
manage-clients-name = Nom
manage-clients-kind = Type
manage-clients-owner = Propriétaire
manage-clients-status = Statut
manage-clients-created = Créé le
manage-clients-expires = Expire le
manage-clients-last-used = Dernière utilisation
manage-clients-never = Jamais
manage-clients-never-used = Jamais utilisé
manage-clients-none = Aucun client ne correspond.
manage-clients-revoke = Révoquer
manage-clients-revoke-named = Révoquer { $client }
manage-clients-revoked = « { $client } » a été révoqué : ses jetons ne fonctionnent plus.
manage-clients-bad-cursor = Ce lien de page n’est plus valide ; voici la première page.

manage-revoke-title = Révoquer { $client } ?
manage-revoke-heading = Révoquer { $client } ?
manage-revoke-client-id = Identifiant du client
manage-revoke-consequences = Le client ne pourra plus s’authentifier, et toutes les autorisations et tous les jetons qui lui ont été accordés prennent fin maintenant : les personnes et les programmes qui l’utilisent perdent leur accès.
manage-revoke-final = C’est définitif : un client révoqué ne peut pas être rétabli.
manage-revoke-submit = Révoquer le client

## La page d’un client pour les gestionnaires : autorisations et règles des jetons d’une application.
manage-client-title = { $client } · Réglages du client
manage-client-back = ← Tous les clients
manage-client-redirect-uris = URI de redirection
manage-client-grants = Autorisations qu’il peut utiliser
manage-client-grants-hint = Ce que cette application peut demander au point de terminaison des jetons. Les autorisations par mot de passe et implicite sont héritées du passé : ne les activez que pour une application qui ne peut pas s’en passer.
manage-client-grant-code = Code d’autorisation
manage-client-grant-code-hint = Les personnes se connectent ici et l’approuvent sur la page de consentement (avec PKCE). Demande une URI de redirection.
manage-client-grant-refresh = Jetons de renouvellement
manage-client-grant-refresh-hint = Elle peut garder l’accès après l’expiration du premier jeton, jusqu’à ce que la personne le révoque.
manage-client-grant-credentials = Identifiants du client
manage-client-grant-credentials-hint = Elle agit pour elle-même, avec son propre secret, pour personne en particulier.
manage-client-grant-password = Mot de passe (hérité)
manage-client-grant-password-hint = L’application reçoit le mot de passe des personnes et l’envoie ici. Seulement pour une application confidentielle à qui vous le confiez.
manage-client-grant-implicit = Implicite (hérité)
manage-client-grant-implicit-hint = Des jetons dans la barre d’adresse du navigateur, sans jeton de renouvellement. Préférez le code d’autorisation avec PKCE.
manage-client-tokens = Jetons
manage-client-domain-default = Le choix du domaine
manage-client-alg = Signature des jetons d’identité
manage-client-alg-default = ES256 (par défaut)
manage-client-lifetimes = Durées de vie
manage-client-lifetimes-hint = Laissez un champ vide pour utiliser la valeur du domaine.
manage-client-domain-value = Domaine : { $value } s.
manage-client-save = Enregistrer
manage-client-saved = Les réglages du client ont été enregistrés.
manage-client-personal = Un client personnel agit avec les droits de son propriétaire, selon les réglages du domaine : il n’y a rien à changer ici.
manage-client-consumer = Un consommateur d’API est géré par le super-administrateur.
manage-client-error-no-grant = Choisissez au moins une autorisation.
manage-client-error-public = Une application publique (sans secret) ne peut pas utiliser les identifiants du client ni l’autorisation par mot de passe.
manage-client-error-refresh = Les jetons de renouvellement demandent le code d’autorisation ou l’autorisation par mot de passe.
manage-client-error-redirect = Le code d’autorisation et l’autorisation implicite demandent une URI de redirection, et cette application n’en a pas.

manage-scopes-title = Portées
manage-scopes-intro = Les autorisations que les applications peuvent demander. Chaque description est affichée sur la page de consentement.
manage-scopes-caption = Portées enregistrées
manage-scopes-name = Nom
manage-scopes-description = Description
manage-scopes-roles = Rôles
manage-scopes-anyone = Tout le monde
manage-scopes-none = Aucune portée pour l’instant.
manage-scopes-create = Enregistrer une portée
manage-scopes-name-hint = Telle que les applications la demandent, par exemple photos:read (sans espaces, guillemets ni barres obliques inverses).
manage-scopes-description-hint = Ce qu’elle permet à une application, tel que les personnes le liront : « Voir vos photos ».
manage-scopes-roles-hint = Facultatif. Noms de rôles séparés par des espaces : seuls les utilisateurs ayant l’un de ces rôles peuvent l’accorder. Vide : tout le monde.
manage-scopes-create-submit = Enregistrer la portée
manage-scopes-created = La portée « { $scope } » a été enregistrée.
manage-scopes-attributes = Attributs des utilisateurs
manage-scopes-attributes-hint = Facultatif. Des conditions écrites clé=valeur, séparées par des espaces, par exemple department=finance : les utilisateurs dont l’attribut a exactement cette valeur peuvent aussi l’accorder.
manage-error-scope-attributes = Écrivez chaque condition clé=valeur : la clé en lettres minuscules, chiffres, « _ », « - » ou « . », la valeur en 256 caractères au plus.

manage-settings-title = Paramètres
manage-settings-intro = Les modifications s’appliquent aux jetons émis à partir de maintenant.
manage-settings-tokens = Jetons
manage-settings-access-ttl = Durée de vie des jetons d’accès (secondes)
manage-settings-refresh-ttl = Durée d’inactivité des jetons de renouvellement (secondes)
manage-settings-seconds-hint = De { $min } à { $max } secondes.
manage-settings-code-ttl = Durée de vie des codes d’autorisation (secondes)
manage-settings-absolute-ttl = Durée de vie maximale des jetons de renouvellement (secondes)
manage-settings-absolute-hint = 0 pour aucune, ou de { $min } à { $max } secondes : combien de temps une suite de jetons de renouvellement peut durer depuis la connexion qui l’a commencée, quel que soit son usage. La durée ci-dessus est celle d’inactivité : inutilisé aussi longtemps, un jeton de renouvellement expire.
manage-settings-id-ttl = Durée de vie des jetons d’identité (secondes)
manage-error-seconds-or-off = Saisissez 0 (aucune) ou un nombre de secondes de { $min } à { $max }.
manage-settings-grace = Délai de grâce du renouvellement (secondes)
manage-settings-grace-hint = De { $min } (désactivé) à { $max } secondes : le temps pendant lequel un jeton de renouvellement qui vient d’être remplacé peut encore servir une fois, pour les clients aux réseaux peu fiables.
manage-settings-access-format = Format des jetons d’accès
manage-settings-access-format-opaque = Opaque (vérifié par introspection)
manage-settings-access-format-jwt = JWT (RFC 9068, signé : les API peuvent le vérifier avec les clés publiées)
manage-settings-access-format-hint = Pour les clients qui ne choisissent pas le leur. Un JWT révoqué reste valable, jusqu’à son expiration, pour une API qui ne vérifie que la signature ; l’introspection le dit inactif aussitôt.
manage-settings-access-format-invalid = Choisissez opaque ou JWT.
manage-settings-check = Ce que dit la vérification des jetons
manage-settings-check-attributes = Attributs des utilisateurs dans l’introspection
manage-settings-check-attributes-hint = Facultatif. Des clés d’attributs séparées par des espaces, par exemple department : l’introspection d’un jeton d’un utilisateur répond aussi ces attributs, sous le même nom.
manage-settings-check-scopes = Répondre aussi les portées en liste
manage-settings-check-scopes-hint = Ajoute « scopes » : ["read", "write"] à côté de la chaîne « scope », pour les intégrations qui lisent une liste.
manage-settings-check-header = Jeton d’accès dans un en-tête de réponse
manage-settings-check-header-hint = Facultatif. Un nom d’en-tête, par exemple X-Access-Token : le point de terminaison des jetons y met aussi le jeton d’accès (certaines passerelles le lisent là).
manage-error-check-attributes = Au plus 20 clés d’attributs en lettres minuscules, chiffres, « _ », « - » ou « . », et aucune que l’introspection répond elle-même (scope, sub, exp, …).
manage-error-check-header = Un nom d’en-tête en lettres, chiffres et « - », pas un de ceux auxquels HTTP donne un sens (Authorization, Cache-Control, …).
manage-settings-personal = Clients personnels
manage-settings-personal-enabled = Les utilisateurs ayant le rôle personal-clients peuvent créer des clients personnels
manage-settings-personal-enabled-hint = Désactivés, les clients personnels existants cessent de fonctionner jusqu’à leur réactivation.
manage-settings-max-lifetime = Durée de vie maximale d’un client personnel (jours)
manage-settings-days-hint = De { $min } à { $max } jours. Chaque client personnel doit avoir une date d’expiration dans cette limite.
manage-settings-submit = Enregistrer les paramètres
manage-settings-saved = Les paramètres ont été enregistrés.

manage-audit-title = Journal d’audit
manage-audit-intro = Du plus récent au plus ancien. Chaque modification faite dans ces pages, par l’API ou en ligne de commande y est consignée.
manage-audit-filter-label = Filtrer le journal
manage-audit-action = Action
manage-audit-any-action = Toutes les actions
manage-audit-actor = Fait par
manage-audit-actor-hint = Un nom d’utilisateur, ou cli pour la ligne de commande.
manage-audit-filter-submit = Filtrer
manage-audit-caption = Événements
manage-audit-when = Quand
manage-audit-who = Qui
manage-audit-from = D’où
manage-audit-what = Quoi
manage-audit-target = Cible
manage-audit-details = Détails
manage-audit-none = Aucun événement ne correspond.
manage-audit-newest = Les plus récents
manage-audit-older = Plus anciens
manage-audit-bad-filter = Ce filtre ou ce lien de page n’est pas valide ; voici le journal sans lui.
manage-audit-grant-revoke = Autorisation révoquée
manage-audit-client-create = Client créé
manage-audit-client-revoke = Client révoqué
manage-audit-client-rotate-secret = Secret du client remplacé
manage-audit-client-update = Client modifié
manage-audit-client-delete = Client supprimé
manage-audit-user-create = Utilisateur créé
manage-audit-user-update = Utilisateur modifié
manage-audit-user-disable = Utilisateur désactivé
manage-audit-user-enable = Utilisateur réactivé
manage-audit-user-roles = Rôles modifiés
manage-audit-user-password = Mot de passe modifié
manage-audit-scope-create = Portée enregistrée
manage-audit-domain-create = Domaine créé
manage-audit-domain-update = Domaine modifié
manage-audit-domain-settings = Paramètres modifiés
manage-audit-sign-in = Connexion
manage-audit-admin-token-create = Jeton d’API d’administration créé
manage-audit-admin-token-revoke = Jeton d’API d’administration révoqué
manage-audit-keys-rotate = Clés de signature renouvelées

manage-error-username = Un nom d’utilisateur compte de 1 à 128 caractères, sans espaces.
manage-error-username-taken = Un utilisateur porte déjà ce nom.
manage-error-email = Saisissez une adresse e-mail, comme nom@exemple.fr.
manage-error-password = Un mot de passe compte au moins 8 caractères.
manage-error-roles = Ces rôles ne peuvent pas être accordés. Un nom de rôle compte de 1 à 64 lettres, chiffres, « - », « _ », « : » ou « . ».
manage-error-role-name = « { $role } » n’est pas un nom de rôle : utilisez de 1 à 64 lettres, chiffres, « - », « _ », « : » ou « . ».
manage-error-role-manager = Seul l’administrateur du serveur nomme ou retire les managers.
manage-error-role-super-admin = Le rôle super-admin n’existe que dans le domaine des administrateurs, et seul l’administrateur du serveur l’accorde.
manage-error-role-refused = Vous ne pouvez pas accorder ni retirer le rôle « { $role } ».
manage-error-attributes = Ces attributs ne peuvent pas être enregistrés : 50 au plus, des clés de 1 à 64 lettres minuscules, chiffres, « _ », « - » ou « . », des valeurs de 256 caractères au plus.
manage-error-attribute-line = Ligne { $line } : écrivez clé = valeur.
manage-error-attribute-twice = La clé « { $key } » figure deux fois.
manage-error-scope-name = Un nom de portée s’écrit en ASCII imprimable, sans espaces, guillemets ni barres obliques inverses.
manage-error-scope-taken = Une portée porte déjà ce nom.
manage-error-whole-number = Saisissez un nombre entier.
manage-error-seconds = Saisissez un nombre de secondes de { $min } à { $max }.
manage-error-days = Saisissez un nombre de jours de { $min } à { $max }.
manage-error-invalid = Cette valeur ne peut pas être acceptée.

## Compte : les formulaires du profil, et « Mes applications »

account-nav-my-apps = Mes applications
account-nav-vault = Coffre
account-email-heading = Changer d’adresse e-mail
account-email-new = Adresse e-mail
account-email-submit = Enregistrer l’adresse e-mail
account-password-heading = Changer de mot de passe
account-password-effect = Le changer vous déconnecte partout ailleurs, sur tous vos autres appareils et navigateurs. Vous restez connecté ici.
account-password-current = Mot de passe actuel
account-password-new = Nouveau mot de passe
account-password-new-hint = Au moins 8 caractères.
account-password-repeat = Répétez le nouveau mot de passe
account-password-submit = Changer le mot de passe
account-done-email = Votre adresse e-mail a été modifiée.
account-done-password = Votre mot de passe a été modifié. Vos autres sessions ont été déconnectées ; vous restez connecté ici.
account-error-email = Saisissez une adresse e-mail, comme nom@exemple.fr.
account-error-password-repeat = Les deux nouveaux mots de passe ne sont pas identiques. Saisissez de nouveau le nouveau mot de passe dans les deux champs.
account-error-current-password = Ce n’est pas votre mot de passe actuel.
account-error-new-password = Un mot de passe compte au moins 8 caractères (et au plus 1024 octets).

account-my-apps-title = Mes applications
account-my-apps-intro = Les applications que vous développez, enregistrées pour que les personnes de { $domain } puissent les utiliser avec leur compte.
account-my-apps-rights = Une application enregistrée agit pour la personne qui l’autorise sur la page de consentement, et seulement dans les limites de ce qu’elle autorise. Elle n’obtient jamais vos droits, même si c’est vous qui l’avez enregistrée.
account-my-apps-how = Elle utilise l’octroi par code d’autorisation avec PKCE, et des jetons de rafraîchissement, en s’authentifiant avec son identifiant et son secret client. Les bibliothèques OAuth trouvent tous les points de terminaison dans les métadonnées du domaine :
account-my-apps-metadata = Métadonnées
account-my-apps-list-heading = Vos applications
account-my-apps-empty = Vous n’avez enregistré aucune application.
account-my-apps-col-auth = Authentification
account-my-apps-scopes-none = Aucune
account-my-apps-auth-basic-short = HTTP Basic
account-my-apps-auth-post-short = Corps de la requête
account-my-apps-edit = Modifier
account-my-apps-edit-named = Modifier { $app }
account-my-apps-delete = Supprimer
account-my-apps-delete-named = Supprimer { $app }
account-my-apps-register-heading = Enregistrer une application
account-my-apps-name = Nom
account-my-apps-name-hint = Les personnes le voient sur la page de consentement, par exemple « Impression photo ».
account-my-apps-description = Description
account-my-apps-description-hint = Facultative : ce qu’elle fait, en une ou deux phrases (1000 caractères au plus). Les personnes la voient parmi leurs applications autorisées.
account-my-apps-redirect-uris = URI de redirection
account-my-apps-redirect-uris-hint = Une par ligne, de 1 à 10, comparées à l’identique : en https, ou en http sur une adresse de bouclage (127.0.0.1, [::1], localhost) pour les applications natives, ou avec un schéma privé comme com.example.app:/callback. Sans #fragment.
account-my-apps-scopes = Portées
account-my-apps-scopes-hint = L’application ne peut demander que les portées cochées ici. Chaque personne les voit, avec leur description, avant de l’autoriser.
account-my-apps-no-scopes = Ce domaine n’a aucune portée enregistrée : les jetons de l’application indiqueront seulement qui l’a autorisée.
account-my-apps-auth = Authentification du client
account-my-apps-auth-basic = HTTP Basic, dans l’en-tête Authorization (par défaut)
account-my-apps-auth-post = Dans le corps de la requête, avec les champs client_id et client_secret
account-my-apps-register-submit = Enregistrer l’application
account-my-apps-save = Enregistrer les modifications
account-my-apps-back = Retour à mes applications
account-my-apps-not-found = Cette application ne fait pas partie des vôtres, ou elle a été supprimée.
account-my-apps-done-saved = Application enregistrée.
account-my-apps-done-deleted = Application supprimée. Toutes les autorisations qu’elle avait reçues ont pris fin, et ses jetons ne fonctionnent plus.
account-my-apps-already-title = Déjà enregistrée
account-my-apps-already = Cette application a déjà été enregistrée : son secret a été affiché une seule fois et ne peut plus l’être. Si vous ne l’avez pas conservé, remplacez le secret depuis sa page.
account-my-apps-rotated-already = Ce secret a déjà été remplacé : le nouveau a été affiché une seule fois et ne peut plus l’être. Si vous ne l’avez pas conservé, remplacez-le de nouveau depuis la page de l’application.
account-my-apps-error-description = Une description compte 1000 caractères au plus.
account-my-apps-error-scopes = Choisissez parmi les portées proposées.
account-my-apps-error-auth = Choisissez HTTP Basic ou le corps de la requête.
account-my-apps-error-form = L’application n’a pas pu être enregistrée. Vérifiez le formulaire et réessayez.
account-my-apps-error-uri-count = Saisissez de 1 à { $max } URI de redirection, une par ligne.
account-my-apps-error-uri-absolute = « { $uri } » n’est pas une URI absolue : écrivez-la en entier, comme https://app.exemple.fr/callback.
account-my-apps-error-uri-fragment = « { $uri } » contient un #fragment, ce qu’une URI de redirection ne peut pas avoir.
account-my-apps-error-uri-scheme = « { $uri } » doit être en https, sauf sur une adresse de bouclage (http://127.0.0.1, http://[::1], http://localhost) ou avec un schéma privé comme com.example.app:/callback.

account-my-app-title = Modifier { $app }
account-my-app-heading = Modifier { $app }
account-my-app-edit-heading = Paramètres
account-my-app-secret-heading = Secret et suppression
account-my-app-secret-text = Son secret a été affiché une seule fois, à l’enregistrement. S’il a fuité ou si vous l’avez perdu, remplacez-le. Supprimer l’application met fin à toutes les autorisations qu’elle a reçues.
account-my-app-delete-button = Supprimer l’application
account-my-app-rotate-effect = Un nouveau secret sera affiché une seule fois. Le secret actuel cesse de fonctionner immédiatement : mettez votre application à jour avec le nouveau.
account-my-app-rotate-tokens = Les personnes conservent leur autorisation : les jetons déjà émis restent valables jusqu’à leur expiration, et les jetons de rafraîchissement fonctionnent avec le nouveau secret.
account-my-app-delete-title = Supprimer { $app } ?
account-my-app-delete-heading = Supprimer { $app } ?
account-my-app-delete-effect = Toutes les autorisations que les personnes lui ont données prennent fin : tous ses jetons cessent de fonctionner immédiatement, et elle ne peut plus demander d’accès à personne.
account-my-app-delete-final = C’est définitif : pour continuer, enregistrez une nouvelle application, que les personnes devront autoriser de nouveau.
account-my-app-delete-submit = Supprimer l’application
account-my-app-secret-for-others = Elle agit pour la personne qui l’autorise, jamais avec vos droits.
account-my-app-secret-how-authorize = Envoyez les personnes au point de terminaison d’autorisation avec response_type=code, cet identifiant client, l’une de ses URI de redirection, les portées nécessaires, un state et un code_challenge PKCE (S256) :
account-my-app-secret-how-token-basic = À l’URI de redirection, échangez le code au point de terminaison du jeton, en vous authentifiant par HTTP Basic :
account-my-app-secret-how-token-post = À l’URI de redirection, échangez le code au point de terminaison du jeton, avec l’identifiant et le secret client dans le corps de la requête :
account-my-app-secret-how-answer = La réponse est en JSON : un access_token qui agit pour cette personne, dans les limites des portées qu’elle a autorisées, et un refresh_token pour obtenir les suivants.
account-my-app-secret-done = Terminé : retour à mes applications

## Administration de Jeton (/admin/...)

admin-header = Administration
admin-forbidden-title = Accès refusé
admin-forbidden = Vous êtes connecté, mais vous n’êtes pas l’administrateur du serveur. Seul un utilisateur du domaine des administrateurs ayant le rôle super-admin peut voir ces pages.
admin-refused = Cette modification ne peut pas être faite.
admin-domain-not-found = Il n’existe pas de domaine de ce nom.
admin-manager-not-found = Ce domaine n’a pas de manager de ce nom.
admin-consumer-not-found = Ce domaine n’a pas de consommateur d’API de ce nom, ou il a déjà été révoqué.
admin-token-not-found = Il n’existe pas de jeton d’API d’administration de ce nom, ou il a déjà été révoqué.
admin-back-domains = Tous les domaines
admin-back-domain = Retour au domaine
admin-back-tokens = Retour aux jetons d’API d’administration

admin-nav-label = Administration
admin-nav-title = Administration
admin-nav-overview = Vue d’ensemble
admin-nav-domains = Domaines
admin-nav-tokens = Jetons d’API d’administration
admin-nav-audit = Journal d’audit
admin-nav-as = Connecté en tant que { $user }, administrateur du serveur
admin-nav-back = Retour au domaine des administrateurs

admin-state-enabled = Activé
admin-state-disabled = Désactivé

admin-overview-title = Administration
admin-overview-intro = Ce que seul l’administrateur du serveur fait : créer et faire vivre les domaines, nommer leurs managers, donner aux serveurs un accès à l’API, et suivre chaque modification.
admin-overview-domains = Créer des domaines, les renommer, les désactiver ou les réactiver, nommer leurs managers et créer leurs consommateurs d’API.
admin-overview-domains-count =
    { $count ->
        [one] Un domaine
       *[other] { $count } domaines
    }, { $disabled ->
        [0] aucun désactivé
        [one] dont un désactivé
       *[other] dont { $disabled } désactivés
    }
admin-overview-tokens = Les jetons que les scripts et l’automatisation envoient à l’API JSON au lieu de se connecter.
admin-overview-tokens-count =
    { $count ->
        [0] Aucun jeton en service
        [one] Un jeton en service
       *[other] { $count } jetons en service
    }
admin-overview-audit = Chaque modification, dans chaque domaine : qui a fait quoi, quand et d’où.

admin-domains-title = Domaines
admin-domains-intro = Chaque domaine a ses propres utilisateurs, clients, portées, clés de signature, paramètres et émetteur. Un domaine désactivé répond « introuvable » partout tant qu’il n’est pas réactivé.
admin-domains-caption = Tous les domaines, par identifiant
admin-domains-slug = Identifiant
admin-domains-name = Nom
admin-domains-name-optional = Nom (facultatif)
admin-domains-issuer = Émetteur
admin-domains-state = État
admin-domains-created = Créé le
admin-domains-none = Aucun domaine pour l’instant.
admin-domains-create = Créer un domaine
admin-domains-slug-hint = De 1 à 63 lettres minuscules, chiffres et traits d’union intérieurs, par exemple acme-corp. Il fait partie des adresses du domaine et de son émetteur, et ne change jamais.
admin-domains-name-hint = Ce que les personnes lisent sur ses pages, par exemple Acme Corp. Laissé vide : l’identifiant.
admin-domains-create-submit = Créer le domaine

admin-domain-back = Tous les domaines
admin-domain-metadata = Métadonnées du serveur
admin-domain-manage = Ouvrir les pages de gestion de { $domain }
admin-domain-disabled-note = Ce domaine est désactivé : ses pages, ses points de terminaison OAuth et son API répondent « introuvable » tant qu’il n’est pas réactivé.
admin-domain-rename-heading = Nom
admin-domain-rename-hint = Ce que les personnes lisent sur les pages du domaine. L’identifiant et l’émetteur ne changent pas.
admin-domain-rename-submit = Renommer
admin-domain-managers-heading = Managers
admin-domain-managers-intro = Les managers font vivre le domaine depuis ses pages de gestion : ses utilisateurs et leurs rôles, ses clients, ses portées, ses paramètres et son journal d’audit. Vous seul les nommez ou les retirez.
admin-domain-managers-caption = Managers de { $domain }
admin-domain-manager-username = Nom d’utilisateur
admin-domain-manager-email = Adresse e-mail
admin-domain-manager-remove = Retirer
admin-domain-manager-remove-named = Retirer { $user } des managers
admin-domain-managers-none = Ce domaine n’a pas encore de manager.
admin-domain-appoint-label = Nommer un manager (nom d’utilisateur)
admin-domain-appoint-hint = Un utilisateur de { $domain }. Il reçoit le rôle manager ; ses autres rôles restent.
admin-domain-appoint-submit = Nommer
admin-domain-standing-heading = Désactiver ou réactiver
admin-domain-disable-note = Désactivé, le domaine répond « introuvable » sur ses pages, ses points de terminaison OAuth et son API : personne ne peut s’y connecter ni y obtenir de jeton tant qu’il n’est pas réactivé. Rien n’est supprimé.
admin-domain-disable = Désactiver le domaine…
admin-domain-enable-note = Le domaine est désactivé. Le réactiver rouvre ses pages, ses points de terminaison OAuth et son API, avec tout ce qu’il contenait.
admin-domain-enable = Réactiver le domaine
admin-domain-main-note = C’est le domaine des administrateurs : il ne peut pas être désactivé, sinon plus aucun administrateur ne pourrait se connecter.
admin-domain-main-refused = Le domaine des administrateurs ne peut pas être désactivé : plus aucun administrateur ne pourrait se connecter.
admin-domain-done-created = Le domaine { $domain } a été créé. Nommez ses managers ci-dessous.
admin-domain-done-renamed = Le domaine s’appelle désormais { $domain }.
admin-domain-done-disabled = Le domaine { $domain } est désactivé.
admin-domain-done-enabled = Le domaine { $domain } est réactivé.
admin-domain-done-appointed = { $user } est désormais manager de { $domain }.
admin-domain-done-removed = { $user } n’est plus manager de { $domain }.

admin-consumers-heading = Consommateurs d’API
admin-consumers-intro = Des clients confidentiels qui appartiennent au domaine lui-même, pour les échanges de serveur à serveur : un identifiant client et un secret, avec les identifiants du client ou le code d’autorisation.
admin-consumers-caption = Consommateurs d’API de { $domain }
admin-consumers-name = Nom
admin-consumers-grants = Types d’octroi
admin-consumers-none = Ce domaine n’a pas encore de consommateur d’API.
admin-consumers-rotate = Renouveler le secret
admin-consumers-rotate-named = Renouveler le secret de { $client }
admin-consumers-create = Créer un consommateur d’API
admin-consumers-name-hint = Son usage, par exemple « Synchronisation de la facturation ». Les personnes le lisent sur la page de consentement s’il utilise le code d’autorisation.
admin-consumers-grants-hint = Si aucun n’est coché : les identifiants du client, ou le code d’autorisation si des URI de redirection sont données.
admin-grant-client-credentials = Identifiants du client
admin-grant-client-credentials-hint = Le serveur s’authentifie avec son identifiant et son secret client, et agit pour lui-même.
admin-grant-code = Code d’autorisation, avec jetons de renouvellement
admin-grant-code-hint = Les personnes se connectent et l’autorisent, et il agit pour elles. Il lui faut une URI de redirection.
admin-consumers-redirect-uris = URI de redirection
admin-consumers-redirect-uris-hint = Une par ligne, pour le code d’autorisation : en https, ou en http sur une adresse de bouclage comme 127.0.0.1.
admin-consumers-scopes = Portées
admin-consumers-scopes-hint = Ce qu’il peut demander. Si aucune n’est cochée, ses jetons ne portent aucune portée.
admin-consumers-no-scopes = Ce domaine n’a aucune portée enregistrée.
admin-consumers-create-submit = Créer le consommateur
admin-consumers-done-revoked = Le consommateur d’API { $client } a été révoqué : il ne peut plus obtenir de jetons, et ses jetons ne fonctionnent plus.
admin-consumer-already-title = Déjà créé
admin-consumer-already = Ce formulaire a déjà été envoyé : le consommateur d’API existe, et son secret a été affiché une seule fois, sur la page qui y a répondu. S’il n’a pas été conservé, renouvelez le secret depuis la page du domaine.
admin-rotated-already-title = Secret déjà remplacé
admin-rotated-already = Ce secret a déjà été remplacé : le nouveau a été affiché une seule fois, sur la page qui a répondu. S’il n’a pas été conservé, renouvelez de nouveau le secret depuis la page du domaine.

admin-confirm-domain = Domaine
admin-confirm-token-id = Identifiant du jeton
admin-confirm-final = C’est définitif.
admin-confirm-disable-title = Désactiver { $domain } ?
admin-confirm-disable-heading = Désactiver { $domain } ?
admin-confirm-disable-effect = Ses pages, ses points de terminaison OAuth et son API répondront « introuvable » : personne ne pourra se connecter, et aucun client ne pourra obtenir ni vérifier de jeton.
admin-confirm-disable-again = Rien n’est supprimé : réactiver le domaine rétablit tout.
admin-confirm-disable-submit = Désactiver le domaine
admin-confirm-remove-title = Retirer { $user } des managers ?
admin-confirm-remove-heading = Retirer { $user } des managers ?
admin-confirm-remove-effect = Il perd le rôle manager dans { $domain } et ne peut plus ouvrir ses pages de gestion. Son compte et ses autres rôles restent.
admin-confirm-remove-again = Vous pourrez le nommer de nouveau à tout moment.
admin-confirm-remove-submit = Retirer le manager
admin-confirm-rotate-title = Nouveau secret pour { $client } ?
admin-confirm-rotate-heading = Remplacer le secret de { $client } ?
admin-confirm-rotate-effect = Un nouveau secret sera affiché une seule fois. Le secret actuel cesse de fonctionner immédiatement : mettez à jour les serveurs qui l’utilisent.
admin-confirm-rotate-tokens = Les jetons qu’il a déjà obtenus restent valables jusqu’à leur expiration.
admin-confirm-rotate-submit = Remplacer le secret
admin-confirm-revoke-consumer-title = Révoquer { $client } ?
admin-confirm-revoke-consumer-heading = Révoquer { $client } ?
admin-confirm-revoke-consumer-effect = Le consommateur ne pourra plus s’authentifier, et toutes les autorisations et tous les jetons qui lui ont été accordés prennent fin maintenant.
admin-confirm-revoke-consumer-submit = Révoquer le consommateur
admin-confirm-revoke-token-title = Révoquer { $token } ?
admin-confirm-revoke-token-heading = Révoquer le jeton d’API d’administration { $token } ?
admin-confirm-revoke-token-effect = Tout appel qui l’envoie sera refusé à partir de maintenant, sur chaque instance.
admin-confirm-revoke-token-submit = Révoquer le jeton

admin-secret-created-title = { $client } créé
admin-secret-created-heading = { $client } est prêt
admin-secret-created-owner = Un consommateur d’API de { $domain } : il agit pour lui-même, ou pour les personnes qui l’autorisent.
admin-secret-rotated-title = Nouveau secret pour { $client }
admin-secret-rotated-heading = Nouveau secret pour { $client }
admin-secret-rotated-old = L’ancien secret ne fonctionne plus.
admin-secret-once = Copiez-le maintenant : il ne sera plus affiché.
admin-secret-keep = Conservez le secret en lieu sûr, comme un mot de passe. Jeton n’en garde qu’une empreinte et ne pourra pas le montrer plus tard.
admin-secret-client-id = Identifiant client
admin-secret-secret = Secret client
admin-secret-token-endpoint = Point de terminaison du jeton
admin-secret-copy-id = Copier l’identifiant client
admin-secret-copied-id = Identifiant client copié.
admin-secret-copy-secret = Copier le secret
admin-secret-copied-secret = Secret copié.
admin-secret-how-heading = Comment l’utiliser
admin-secret-how = Demandez un jeton d’accès au point de terminaison du jeton avec l’octroi « identifiants du client », en vous authentifiant par HTTP Basic :
admin-secret-how-code = Il obtient ses jetons par le code d’autorisation : envoyez les personnes vers le point de terminaison d’autorisation du domaine, puis échangez le code au point de terminaison du jeton en vous authentifiant par HTTP Basic.
admin-secret-copy-example = Copier l’exemple
admin-secret-copied-example = Exemple copié.
admin-secret-done = Terminé : retour à { $domain }

admin-tokens-title = Jetons d’API d’administration
admin-tokens-intro = Pour les scripts et l’automatisation : envoyés à l’API JSON dans l’en-tête « Authorization: Bearer … ». La portée admin donne accès à tout ce que vous pouvez faire ; domain:IDENTIFIANT ne donne accès qu’aux appels de gestion de ce domaine, avec les droits d’un manager. Ils sont vérifiés à chaque appel : une révocation les arrête immédiatement.
admin-tokens-caption = Jetons d’API d’administration, du plus récent au plus ancien
admin-tokens-name = Nom
admin-tokens-scope = Portée
admin-tokens-created-by = Créé par
admin-tokens-expires = Valable jusqu’au
admin-tokens-none = Aucun jeton d’API d’administration pour l’instant.
admin-tokens-revoke = Révoquer
admin-tokens-revoke-named = Révoquer { $token }
admin-tokens-create = Créer un jeton
admin-tokens-name-hint = Son usage, par exemple « Provisionnement nocturne ». Le journal d’audit le nomme token:NOM.
admin-tokens-scope-all = Tous les domaines, et l’administration (admin)
admin-tokens-scope-domain = { $domain } seulement ({ $scope })
admin-tokens-scope-hint = Ne lui donnez pas plus que ce dont la tâche a besoin.
admin-tokens-expires-label = Date d’expiration
admin-tokens-expires-hint = Il fonctionne jusqu’à la fin de ce jour (UTC), un an au plus : au plus tard le { $latest }.
admin-tokens-create-submit = Créer le jeton
admin-tokens-done-revoked = Le jeton { $token } a été révoqué : tout appel qui l’envoie est refusé.
admin-token-already-title = Déjà créé
admin-token-already = Ce formulaire a déjà été envoyé : le jeton existe, et il a été affiché une seule fois, sur la page qui y a répondu. S’il n’a pas été conservé, révoquez-le et créez-en un autre.

admin-token-secret-title = { $token } créé
admin-token-secret-heading = Le jeton { $token } est prêt
admin-token-secret-all = Il donne accès à tous les appels de l’API JSON que vous pouvez faire.
admin-token-secret-domain = Il ne donne accès qu’aux appels de gestion d’un domaine ({ $scope }), avec les droits d’un manager.
admin-token-secret-keep = Conservez-le en lieu sûr, comme un mot de passe. Jeton n’en garde qu’une empreinte et ne pourra pas le montrer plus tard.
admin-token-secret-value = Jeton
admin-token-secret-copy = Copier le jeton
admin-token-secret-copied = Jeton copié.
admin-token-secret-how = Envoyez-le dans l’en-tête Authorization de chaque appel :
admin-token-secret-revoke = S’il fuit, révoquez-le depuis la liste : il cesse aussitôt de fonctionner.
admin-token-secret-done = Terminé : retour aux jetons

admin-audit-title = Journal d’audit
admin-audit-intro = Les événements de chaque domaine et les événements globaux (domaines créés, jetons d’API d’administration), du plus récent au plus ancien.
admin-audit-domain = Domaine
admin-audit-any-domain = Tous les domaines
admin-audit-global = Global
admin-audit-actor-hint = Un nom d’utilisateur, token:NOM pour un jeton d’API d’administration, ou cli pour la ligne de commande.

admin-error-slug = Un identifiant compte de 1 à 63 lettres minuscules, chiffres et traits d’union, et ne commence ni ne finit par un trait d’union.
admin-error-slug-taken = Un domaine d’identifiant « { $slug } » existe déjà.
admin-error-domain-name = Un nom de domaine compte de 1 à 200 caractères.
admin-error-no-such-user = { $domain } n’a pas d’utilisateur « { $user } ». Créez d’abord l’utilisateur depuis les pages de gestion du domaine.
admin-error-consumer-name = Donnez-lui un nom de 1 à 200 caractères.
admin-error-redirect-uri = « { $uri } » ne peut pas être une URI de redirection : utilisez une adresse https absolue sans fragment (http seulement sur une adresse de bouclage).
admin-error-redirect-needed = Le code d’autorisation a besoin d’au moins une URI de redirection.
admin-error-grants = Choisissez parmi les types d’octroi proposés.
admin-error-scopes = Choisissez parmi les portées enregistrées du domaine.
admin-error-token-name = Donnez-lui un nom de 1 à 100 caractères.
admin-error-token-scope = Choisissez tous les domaines ou l’un des domaines proposés.
admin-error-token-expires = Choisissez une date entre le { $earliest } et le { $latest }.

## OpenID Connect's own scopes, shown on the consent page and in "Authorized applications".
scope-standard-openid = Confirmer votre identité quand vous vous y connectez
scope-standard-profile = Voir votre nom d’utilisateur et le nom de votre profil
scope-standard-email = Voir votre adresse e-mail
scope-standard-offline-access = Garder l’accès en votre absence, jusqu’à ce que vous le révoquiez

## The authorization response posted to the application (response_mode=form_post).
form-post-title = Retour vers l’application
form-post-heading = Retour vers l’application…
form-post-message = Si rien ne se passe, continuez avec le bouton.
form-post-continue = Continuer

## Vault (audit log labels)
manage-audit-vault-create = Identifiant du coffre créé
manage-audit-vault-delete = Identifiant du coffre supprimé
manage-audit-vault-use = Jeton du coffre remis
manage-audit-vault-renew = Jeton du coffre renouvelé auprès du fournisseur
manage-audit-vault-needs-reauthorization = Identifiant du coffre à autoriser de nouveau
manage-audit-vault-permit = Permission du coffre accordée
manage-audit-vault-edit = Identifiant du coffre modifié
manage-audit-vault-revoke-permission = Permission du coffre retirée
manage-audit-vault-authorize = Identifiant du coffre autorisé dans le navigateur

## Les pages du coffre (ui/vault) : identifiants de fournisseurs OAuth externes, pour les tâches.
vault-title = Coffre
vault-intro = Identifiants de fournisseurs OAuth externes. Les tâches demandent un jeton à Jeton et en reçoivent un valide ; les secrets ne sont plus jamais affichés après l’enregistrement.
vault-containers = Conteneurs
vault-in-container = Identifiants dans { $container }
vault-empty = Aucun identifiant ici que vous puissiez voir.
vault-new = Nouvel identifiant
vault-back = Retour au coffre
vault-back-to = Retour à { $container }
vault-back-credential = Retour à l’identifiant
vault-status = État
vault-status-new = Pas encore autorisé
vault-status-authorized = Autorisé
vault-status-needs-reauthorization = À autoriser de nouveau
vault-needs-reauthorization-hint = Le fournisseur a refusé de renouveler le jeton. Autorisez de nouveau, ou corrigez l’identifiant.
vault-needs-reauthorization-text = Cet identifiant doit être autorisé de nouveau : { $detail }
vault-expires = Expiration du jeton d’accès
vault-no-token = Aucun jeton d’accès
vault-refresh-token = Jeton d’actualisation
vault-last-used = Dernière utilisation
vault-never = Jamais
vault-none = Aucun
vault-yes = Oui
vault-no = Non
vault-secret-set = Défini
vault-secret-set-ending = Défini (se termine par …{ $tail })
vault-settings = Paramètres
vault-authorize = Autoriser et enregistrer
vault-obtain = Obtenir un jeton
vault-save = Enregistrer
vault-delete = Supprimer
vault-cancel = Annuler
vault-redirect-uri = URI de redirection à enregistrer chez le fournisseur
vault-redirect-uri-hint = Ajoutez cette adresse aux URI de redirection du client chez le fournisseur avant d’autoriser. Ajoutez chaque adresse si Jeton est joignable sous plusieurs.
vault-grant-authorization-code = Code d’autorisation
vault-grant-implicit = Implicite
vault-grant-client-credentials = Identifiants client
vault-grant-password = Mot de passe du propriétaire de la ressource
vault-field-name = Nom
vault-field-container = Conteneur
vault-field-grant = Type d’autorisation
vault-field-authorization-endpoint = Point de terminaison d’autorisation
vault-field-token-endpoint = Point de terminaison du jeton
vault-field-revocation-endpoint = Point de terminaison de révocation
vault-field-client-id = ID client
vault-field-client-secret = Secret client
vault-field-scope = Portée
vault-field-client-auth = Authentification du client
vault-field-username = Nom d’utilisateur
vault-field-password = Mot de passe
vault-field-extra-params = Paramètres de jeton supplémentaires
vault-field-pkce = Envoyer PKCE (S256) avec le code d’autorisation
vault-field-allow-jobs = Permettre l’usage par les tâches via l’API HTTP
vault-field-owner = Propriétaire
vault-field-id = ID de l’identifiant
vault-field-updated = Dernière modification
vault-hint-container = Un dossier comme /equipe/crm ; / si vide.
vault-hint-authorization-endpoint = Pour le code d’autorisation et l’implicite. https (http seulement vers cette machine).
vault-hint-token-endpoint = https (http seulement vers cette machine).
vault-hint-revocation-endpoint = Facultatif : supprimer l’identifiant y révoque ses jetons.
vault-hint-client-secret = Conservé chiffré ; plus jamais affiché.
vault-hint-scope = Séparées par des espaces, comme le fournisseur les nomme.
vault-hint-username = Pour l’autorisation par mot de passe seulement.
vault-hint-extra-params = Un NOM=VALEUR par ligne, par ex. audience=https://api.example.
vault-auth-header = Dans l’en-tête Authorization (HTTP Basic)
vault-auth-body = Dans le corps de la requête
vault-new-title = Nouvel identifiant
vault-new-intro = Saisissez ce que le fournisseur vous a donné lors de l’enregistrement du client chez lui.
vault-error-name = Donnez un nom de 1 à 100 caractères, sans « / ». Les noms sont uniques dans un conteneur.
vault-error-container = Un conteneur est / ou /nom/nom, chaque nom fait de lettres, chiffres, « - », « _ », « . » ou espaces.
vault-error-grant = Choisissez un des types d’autorisation.
vault-error-endpoint = Donnez une URL https absolue (http seulement vers localhost), sans nom d’utilisateur ni #fragment. Le code d’autorisation et l’implicite demandent le point de terminaison d’autorisation.
vault-error-client-id = Donnez l’ID client (1 à 512 caractères).
vault-error-client-secret = Les identifiants client demandent le secret client.
vault-error-client-auth = Choisissez comment le client s’authentifie.
vault-error-username = L’autorisation par mot de passe demande un nom d’utilisateur et un mot de passe ; les autres n’en prennent pas.
vault-error-extra-params = Écrivez un NOM=VALEUR par ligne ; le coffre fixe lui-même grant_type, client_id, scope et les autres.
vault-error-conflict = Un identifiant de ce nom existe déjà dans ce conteneur.
vault-error-forbidden-container = Vous ne pouvez pas créer d’identifiants dans ce conteneur.
vault-not-found = Cet identifiant n’existe pas, ou vous ne pouvez pas le voir.
vault-forbidden-title = Non autorisé
vault-forbidden = Vous ne pouvez pas faire cela avec cet identifiant.
vault-invalid = Cette demande ne peut pas être faite avec cet identifiant.
vault-renewal-busy = Une autre instance renouvelle en ce moment le jeton de cet identifiant. Réessayez dans quelques secondes.
vault-sealing = Un secret enregistré de cet identifiant ne s’ouvre pas avec les clés de chiffrement configurées. Prévenez un administrateur.
vault-provider-failed-title = Le fournisseur n’a pas donné de jeton
vault-provider-failed = Le fournisseur n’a pas donné de jeton : { $detail }
vault-provider-refused-title = Le fournisseur n’a pas autorisé
vault-provider-refused = Le fournisseur a refusé : { $error }
vault-provider-refused-described = Le fournisseur a refusé : { $error } ({ $description })
vault-provider-incomplete = La réponse du fournisseur ne contient pas de { $missing }. Réessayez, ou vérifiez le type d’autorisation.
vault-state-title = Cette autorisation ne peut pas être terminée
vault-state-unknown = Cette réponse du fournisseur n’appartient à aucune autorisation que vous avez commencée ici. Recommencez depuis la page de l’identifiant.
vault-state-expired = Cette autorisation a pris plus de 10 minutes. Recommencez depuis la page de l’identifiant.
vault-state-used = Cette autorisation est déjà terminée (la page a-t-elle été rechargée ?). Regardez l’état de l’identifiant.
vault-done-created = L’identifiant a été enregistré.
vault-done-authorized = Autorisation accordée : l’identifiant contient de nouveaux jetons.
vault-done-obtained = L’identifiant contient un jeton d’accès valide.
vault-done-deleted = L’identifiant a été supprimé.
vault-done-deleted-revoked = L’identifiant a été supprimé et ses jetons révoqués chez le fournisseur.
vault-done-deleted-not-revoked = L’identifiant a été supprimé, mais le fournisseur n’a pas confirmé la révocation de ses jetons.
vault-delete-title = Supprimer { $name } ?
vault-delete-heading = Supprimer { $name } ?
vault-delete-effect = L’identifiant quitte { $container } ; les tâches qui l’utilisent ne reçoivent plus de jetons.
vault-delete-revokes = Ses jetons sont d’abord révoqués chez le fournisseur.
vault-delete-no-revocation = Il n’a pas de point de terminaison de révocation : ses jetons restent valides chez le fournisseur jusqu’à leur expiration.
vault-fragment-title = Fin de l’autorisation
vault-fragment-working = Enregistrement du jeton envoyé par le fournisseur…
vault-fragment-noscript = Cette étape demande JavaScript. Activez-le, puis recommencez depuis la page de l’identifiant.
vault-fragment-submit = Continuer
vault-permissions = Permissions
vault-permissions-hint = Qui peut voir (voir), obtenir des jetons avec (utiliser) ou modifier (modifier) cet identifiant, en plus de son propriétaire et du rôle vault-admin.
vault-permissions-none = Aucune permission ne s’applique à cet identifiant.
vault-container-permissions-title = Permissions sur { $container }
vault-container-permissions-hint = Ce qui est donné ici vaut pour chaque identifiant de ce dossier et des dossiers qu’il contient, en plus du propriétaire de chaque identifiant et du rôle vault-admin.
vault-container-permissions-none = Aucune permission ne s’applique à ce dossier.
vault-container-permissions-link = Permissions de ce dossier
vault-permission-inherited = depuis { $container }
vault-permission-remove = Retirer
vault-permission-kind = Donner à
vault-permission-name = Nom d’utilisateur, rôle ou ID client
vault-permission-access = Accès
vault-permission-grant = Donner la permission
vault-permission-invalid = Choisissez voir, utiliser ou modifier.
vault-permission-no-grantee = Aucun utilisateur ou consommateur d’API de ce nom dans ce domaine (ou le nom de rôle n’est pas valide).
vault-grantee-user = Utilisateur
vault-grantee-role = Rôle
vault-grantee-client = Consommateur d’API
vault-access-view = Voir
vault-access-use = Utiliser
vault-access-edit = Modifier
vault-done-permitted = La permission a été donnée.
vault-done-unpermitted = La permission a été retirée.
vault-edit = Modifier
vault-edit-title = Modifier { $name }
vault-edit-intro = Laissez un secret vide pour le garder. Changer ce dont dépendent les jetons (points de terminaison, client, portée, type d’autorisation, nom d’utilisateur ou mot de passe) supprime les jetons enregistrés.
vault-done-edited = Les modifications ont été enregistrées.
vault-done-edited-reset = Les modifications ont été enregistrées ; les jetons enregistrés ont été supprimés : l’identifiant doit être autorisé de nouveau (ou obtient un jeton à sa prochaine utilisation).
vault-done-edited-unrevoked = Les modifications ont été enregistrées et les jetons enregistrés supprimés, mais le fournisseur n’a pas confirmé leur révocation : ils peuvent y rester valides jusqu’à leur expiration.
