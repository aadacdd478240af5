"""Words of a municipal workplace's everyday that say a query is not about violence (search's silence, issue 14).

Staff type everything into the one search box: "ansöka om semester i sommar", "skrivaren fungerar inte",
"phone number IT helpdesk". Those share words with the content ("sommar", "skriv", "nummer") but ask about something
else. Two kinds of words, both folded (vinrguide.text.fold):

- OFFICE words name the workplace's own business: IT, salary and leave, events, premises and facilities, travel and
  purchasing admin, other municipal services. Search treats such a word as one the content does not know, however the
  content happens to use it in its text, so that it weighs against every document, twice as much as a word the
  content lacks (a query about a printer is not explained by a section that says "skriv ner"). Kinds: IT, salary and
  leave, events, premises, travel and purchasing admin, school admin (utvecklingssamtal, föräldramöte), courses,
  recruitment, other municipal services. A word is an office word when it is one of OFFICE_FORMS or begins
  with one of OFFICE_PREFIXES – unless the content names it (in a term, synonym, alias, trigger or heading:
  "nyckelperson för våld", "åker på semester till hemlandet" keep their words).
- EVERYDAY words are common verbs, adjectives and times of the year that the content uses too, but that alone never
  make a query about violence: "boka", "fungera", "ansöka", "sommar", "semester", "december", the weekdays, "dag",
  "första", a floor ("plan", "våning"), generic verbs and times of day ("vill", "behöver", "ta", "hämta", "natten";
  past forms the content may lack: "tog", "gick"), a work schedule ("schema"), holidays ("midsommarafton",
  "julafton"), how often ("alltid", "ofta", "ibland"), activities ("sommarlovsaktiviteter" is the break's activities,
  not a trip), and words asking for a document ("checklista", "lathund", "mall": what the guide itself is). They count
  as usual in the ranking, but a query needs at least one other word to be answered; one the content does not have
  weighs nothing ("hedersförtryck checklista skola" asks about honour at school).
- SETTING words name people and places (elev, kollega, hyresgäst, fritids, pappa, barnet, staff titles: handläggare,
  lärare, kurator; a staff member's status: praktikant, vikarie, timanställd, nyanställd, student; staff and groups:
  "personalen", "grupp" – so "personalgruppen" is people, made of such parts; the reception desk, the stairwell,
  workplaces such as hemtjänsten and gruppbostaden; and a compound ending in a title, "biståndshandläggare",
  "arbetsmarknadscoach"): like everyday words they count, but a query must rest on a word beyond them (what happened,
  what is feared, what is asked). One the content does not have ("snubben på praktiken") is common language, not
  another topic: it weighs nothing in the ranking.
- A word joined by a hyphen to an office word is an office word too ("IT-systemet", "vab-anmälan", "pdf-filer").

Language vocabulary, like the function words in search.py: not content. Words that decide where a query leads belong
in routines/terms.toml.
"""

from __future__ import annotations

from functools import lru_cache


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Whole words (folded) that are office words as they stand (too short or too common to be prefixes).
OFFICE_FORMS = _wordlist(
    """
    lon lonen loner lonens pension pensionen kpa vab flex fika it vpn wifi teams outlook excel word gdpr
    salary payslip printer password laptop computer helpdesk parking wifi meeting
    kurs kursen kurser pdf system systemet systemen ob adhd npf matte matematik laxa laxor
    regn regnet regnar regnade sno snon snoar storm stormen stormar vader vadret halkan blixt blixten hagel
    """
)

# Beginnings of words (folded) that make an office word, compounds included ("nyckelutlamning", "lonespecifikation").
OFFICE_PREFIXES = tuple(
    sorted(
        _wordlist(
            """
            dator losenord skrivar kopiator kopiering skanner helpdesk servicedesk support intranat intranet
            inlogg programvar headset
            lonespec loneutbet lonerevision lonesamtal semester flexsaldo flextid tidrapport heroma friskvard
            reserakning milersattning traktamente utlagg overtidsersattning foraldraledig tjanstledig sjukanmal
            arbetsskad tillbudsrapport
            julbord julfest personalfest afterwork kickoff avtackning
            konferensrum motesrum lokalbokning parkering laddstolpe cykelgarage nyckel nycklar passerkort larmkod
            kaffemaskin matsedel skolskjuts bygglov sophamtning snorojning gatubelysning felanmal vattenlacka
            hyresavi inflyttning brandovning tjanstebil visitkort arbetsklader kontorsmaterial upphandling ramavtal
            faktura attestera diarienummer arkivera medarbetarkort barnomsorg forskoleplats bostadsbidrag
            fardtjanst bibliotek simhall
            utvecklingssamtal foraldramot studiedag skolfoto kursanmal kursinbjudan webbinari arbetsmiljoarbet
            platsannons rekryter anstallningsintervju referenstagning
            phishing bildskarm nattpass arbetspass passbyte registrer fullmakt blankett personuppgift lonekontor
            studieres tjansteres studiebesok stadshus vigselforrattar dyslexi magsjuk vinterkraks matforgift
            livsmedel
            klamdag ledighetsansok simskol skyddsrond arbetstid skolres klassres vigsel radhus
            oversvamn vattenskad skyfall varmebolj vadervarn ovader smhi fukt mogel avlopp ventilation fastighet
            slagverk gitarr piano fiol trumm orkester musiklektion sanglektion spellektion
            riktnorm normbelopp
            """
        ),
        key=len,
        reverse=True,
    )
)

# Words (folded) that alone never make a query about violence; search compares them by their stems, so that
# "fungerar", "bokade" and "kontakten" count too.
EVERYDAY_WORDS = _wordlist(
    """
    boka ansoka ansokan fungera kommer skriva bestalla ny nya nytt gammal hitta ladda logga installera kontakt
    kommun semester sommar vinter host jul pask januari februari mars april maj juni juli augusti september oktober
    november december vecka idag imorgon manad
    mandag tisdag onsdag torsdag fredag lordag sondag helg dag forsta plan vaning publicera
    vill behova behover ta brukar tid lang infor tva fler flera extra hamta byta fornya halla haller lunch rutin
    natt natten natterna kvall kvallen morgon gor gora gjorde stor storre storst sjuk sjukt sjuka
    schema schemat
    midsommar midsommarafton julafton nyar nyarsafton trettondagen valborg aktivitet aktiviteter
    alltid ofta ibland snart sager
    tog gick fick gav ga gar gatt stanga stanger stangde stangt
    checklista checklistor lathund mall mallar instruktion instruktioner manual handbok riktlinje riktlinjer tips
    dokument kort
    """
)

# People at work and the places of its everyday (folded): who and where, not what happened. They count in the
# ranking, but a query needs a word beyond them and beyond the everyday words to be answered: "kidsen på fritids vill
# ha pingisbord" and "brorsan till en elev vill hämta honom" name people, no concern.
SETTING_WORDS = _wordlist(
    """
    elev elever eleven eleverna kollega kollegan kollegor anstalld anstallda medarbetare hyresgast granne grannen
    grannar boende brukare klient deltagare patient kids kidsen fritids fritidshem forskola forskolan skola skolan
    klass klassen jobb jobbet verksamhet verksamheten praktik praktiken snubbe snubben kille killen aldreboende
    bror brorsan syster syrran mamma pappa morsan farsan barn barnet barnen
    handlaggare socialsekreterare larare rektor kurator underskoterska sjukskoterska skolskoterska coach jobbcoach
    assistent boendestodjare reception receptionen personal personalen grupp gruppen
    praktikant praktikanten vikarie vikarien vikarier timanstalld nyanstalld nyanstallda student studenten
    volontar volontaren trainee vfu
    hemtjanst hemtjansten hemsjukvard hemsjukvarden gruppbostad gruppbostaden
    trappuppgang trappuppgangen trapphus trapphuset
    """
)
# The tails of the words above that make a person's title when a query joins them to another word
# ("biståndshandläggare", "arbetsmarknadscoach", "speciallärare"): such a compound the content lacks is a person too.
SETTING_TAILS = tuple(
    _wordlist(
        """
        handlaggare sekreterare larare skoterska coach assistent pedagog kurator ledare
        chef psykolog lakare terapeut vardare personal tranare chauffor skotare bitrade
        bibliotekarie receptionist vaktmastare handlaggning
        praktikant vikarie student
        """
    )
)  # the last line: a staff member's status ("lärarvikarie", "vfu-student")


# Workplaces named by two words (the beginnings of two folded words in a row): a place like "skolan", not a topic
# ("riktnormen för ekonomiskt bistånd" asks about the benefit; "ekonomiskt våld" is violence).
SETTING_PHRASES = (("ekonomisk", "bistand"), ("sarskil", "boende"), ("dagli", "verksamhet"))

# Admin verbs and nouns (folded forms): reporting or applying for something. Followed by an absence ("anmäla
# sjukfrånvaro", "registrera frånvaro") or an office word ("anmäla vab", "anmälan till kurs"), or after an office word
# ("simskola anmälan"), they ask about the workplace's admin, as "sjukanmälan" does; the other way round the
# absence is what worries ("hög frånvaro, ska jag anmäla").
ADMIN_FORMS = _wordlist(
    """
    anmala anmaler anmalde anmalt anmal anmalan anmalningen registrera registrerar registrerade registrering
    ansoka ansoker ansokte ansokan rapportera rapporterar
    """
)

# Places a child is enrolled in: after an admin verb they ask about a place in the queue ("anmäla barnet till
# förskolan", "anmälan till fritids"), not about a report to social services.
ENROLMENT_PLACES = _wordlist(
    """
    forskola forskolan forskoleplats fritids fritidshem fritidshemmet ko kon barnomsorg
    """
)
# A shift at work ("byta pass med en kollega", "bytte passet"): the word for a passport after a form of "byta".
SWAP_FORMS = _wordlist("byta byter bytte bytt")
SHIFT_FORMS = _wordlist("pass passet passen")


# The tails of compounds that only say "a case of" what their head names ("hederssituation", "våldsproblematik",
# "hedersgrej"): in a compound the content lacks, the head is what the query is about (folded, longest first).
GENERIC_TAILS = tuple(
    sorted(
        _wordlist(
            """
            situation situationen situationer problematik problematiken problem problemet grej grejen grejer
            historia historien fall fallet arende arendet fragor fragan fraga case
            """
        ),
        key=len,
        reverse=True,
    )
)


# Abbreviations staff write in notes and journals (folded, without their period), and the word each stands for: a query
# word the content lacks is read as that word ("vh" → "vårdnadshavare", "bru." → "brukare", "orosanm." → "orosanmälan").
# Written with its period, any abbreviation the content lacks is read as the content words it begins (search.py).
ABBREVIATIONS = {
    "vh": "vardnadshavare",
    "vhs": "vardnadshavare",
    "bru": "brukare",
    "pat": "patient",
    "anm": "anmalan",
    "orosanm": "orosanmalan",
    "medarb": "medarbetare",
    "anst": "anstalld",
    "jourtel": "jourtelefon",
    "tel": "telefon",
    "telnr": "telefonnummer",
    "sekr": "sekreterare",
    "socsekr": "socialsekreterare",
    "anh": "anhorig",
    "uppg": "uppger",
    "ang": "angaende",
}


def absence_word(word: str) -> bool:
    """Whether a folded word names an absence from work or school ("frånvaro", "sjukfrånvaron", "ledighet")."""
    return "franvaro" in word or word.startswith(("ledig", "sjukskriv"))


@lru_cache(maxsize=8192)
def office_word(word: str) -> bool:
    """Whether a folded query word names the workplace's own business (IT, salary, leave, premises …)."""
    return word in OFFICE_FORMS or word.startswith(OFFICE_PREFIXES)
