//! Shared vocabulary: themes, laws, data sources, suppliers, people's names and the generic sentence
//! pools that the per-archetype texts are combined with. All texts are written for this project.
//!
//! Placeholders in texts: `{org}` (the organisation's name), `{place}` (its name without the type word),
//! `{de_org}` / `{De_org}` ("de gemeente", "het waterschap", …). Texts never contain `<`, `>` or `&`.

// ---------------------------------------------------------------------------------------------------
// Themes (standard 1.0) and their 0.4 counterparts.

pub(crate) const T_ORG: &str = "Organisatie en bedrijfsvoering";
pub(crate) const T_CULT: &str = "Cultuur en recreatie";
pub(crate) const T_ECON: &str = "Economie";
pub(crate) const T_FIN: &str = "Overheidsfinanciën";
pub(crate) const T_WONEN: &str = "Wonen";
pub(crate) const T_INT: &str = "Internationaal";
pub(crate) const T_MIG: &str = "Migratie en integratie";
pub(crate) const T_NAT: &str = "Natuur en milieu";
pub(crate) const T_ONDW: &str = "Onderwijs en wetenschap";
pub(crate) const T_OOV: &str = "Openbare orde en veiligheid";
pub(crate) const T_RECHT: &str = "Recht";
pub(crate) const T_RUIMTE: &str = "Ruimte en infrastructuur";
pub(crate) const T_SOC: &str = "Sociale zekerheid";
pub(crate) const T_VERK: &str = "Verkeer";
pub(crate) const T_WERK: &str = "Werk";
pub(crate) const T_ZORG: &str = "Zorg en gezondheid";

/// The 16 themes of standard 1.0, in the standard's order.
pub const THEMES_V1_0: [&str; 16] = [
    T_ORG, T_CULT, T_ECON, T_FIN, T_WONEN, T_INT, T_MIG, T_NAT, T_ONDW, T_OOV, T_RECHT, T_RUIMTE,
    T_SOC, T_VERK, T_WERK, T_ZORG,
];

/// The 19 themes of standard 0.4.
pub const THEMES_V0_4: [&str; 19] = [
    "Organisatie en bedrijfsvoering",
    "Dienstverlening",
    "Bestuur",
    "Cultuur en recreatie",
    "Economie",
    "Financiën",
    "Huisvesting",
    "Internationaal",
    "Landbouw",
    "Migratie en integratie",
    "Natuur en milieu",
    "Onderwijs en wetenschap",
    "Openbare orde en veiligheid",
    "Recht",
    "Ruimte en infrastructuur",
    "Sociale zekerheid",
    "Verkeer",
    "Werk",
    "Zorg en gezondheid",
];

/// A 1.0 theme as 0.4 spelt it.
pub(crate) fn theme_v0_4(theme: &str) -> &'static str {
    match theme {
        T_FIN => "Financiën",
        T_WONEN => "Huisvesting",
        other => THEMES_V0_4
            .iter()
            .find(|t| **t == other)
            .copied()
            .unwrap_or("Bestuur"),
    }
}

// ---------------------------------------------------------------------------------------------------
// Laws. `id` is a BWBR identifier on wetten.overheid.nl, or a full https URL.

pub(crate) struct Law {
    pub title: &'static str,
    pub id: &'static str,
    /// Completes "In de {title} staat dat …" (lower case, no full stop).
    pub about: &'static str,
}

macro_rules! law {
    ($name:ident, $title:literal, $id:literal, $about:literal) => {
        pub(crate) static $name: Law = Law {
            title: $title,
            id: $id,
            about: $about,
        };
    };
}

law!(
    GEMEENTEWET,
    "Gemeentewet",
    "BWBR0005416",
    "de gemeente belastingen mag heffen en zorgt voor de openbare orde"
);
law!(
    PARTICIPATIEWET,
    "Participatiewet",
    "BWBR0015703",
    "de gemeente bijstand verleent aan mensen die niet genoeg inkomen hebben en moet controleren of die bijstand terecht is"
);
law!(
    WMO,
    "Wet maatschappelijke ondersteuning 2015",
    "BWBR0035362",
    "de gemeente ondersteuning biedt aan inwoners die niet op eigen kracht kunnen meedoen in de samenleving"
);
law!(
    WVW,
    "Wegenverkeerswet 1994",
    "BWBR0006622",
    "regels staan voor het verkeer op de weg en voor het gebruik van kentekens"
);
law!(
    WATERWET,
    "Waterwet",
    "BWBR0025458",
    "de waterbeheerder zorgt voor veilige dijken en voor genoeg en schoon water"
);
law!(
    AWB,
    "Algemene wet bestuursrecht",
    "BWBR0005537",
    "een bestuursorgaan zorgvuldig moet werken en besluiten goed moet uitleggen"
);
law!(
    WET_WOZ,
    "Wet waardering onroerende zaken",
    "BWBR0007119",
    "de gemeente elk jaar de waarde van woningen en andere panden vaststelt"
);
law!(
    OMGEVINGSWET,
    "Omgevingswet",
    "BWBR0037885",
    "overheden zorgen voor een veilige en gezonde fysieke leefomgeving"
);
law!(
    AVG,
    "Algemene verordening gegevensbescherming (AVG)",
    "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016R0679",
    "persoonsgegevens alleen verwerkt mogen worden met een goede reden en met passende beveiliging"
);
law!(
    UAVG,
    "Uitvoeringswet Algemene verordening gegevensbescherming",
    "BWBR0040940",
    "hoe de AVG in Nederland wordt toegepast"
);
law!(
    JEUGDWET,
    "Jeugdwet",
    "BWBR0034925",
    "de gemeente verantwoordelijk is voor hulp aan jeugdigen en hun ouders"
);
law!(
    WATERSCHAPSWET,
    "Waterschapswet",
    "BWBR0005108",
    "het waterschap taken heeft voor waterbeheer en daarvoor belasting mag heffen"
);
law!(
    WVR,
    "Wet veiligheidsregio's",
    "BWBR0027466",
    "de veiligheidsregio zorgt voor brandweerzorg, rampenbestrijding en crisisbeheersing"
);
law!(
    WM,
    "Wet milieubeheer",
    "BWBR0003245",
    "de overheid zorgt voor de bescherming van het milieu, ook bij het inzamelen van afval"
);
law!(
    WOO,
    "Wet open overheid",
    "BWBR0045754",
    "overheidsinformatie openbaar is, tenzij er een goede reden is om informatie te lakken"
);
law!(
    WGS,
    "Wet gemeentelijke schuldhulpverlening",
    "BWBR0031883",
    "de gemeente inwoners met geldproblemen hulp aanbiedt, ook na een signaal van een betalingsachterstand"
);
law!(
    WET_BRP,
    "Wet basisregistratie personen",
    "BWBR0033715",
    "de gemeente zorgt dat de gegevens van inwoners in de BRP juist en volledig zijn"
);
law!(
    LEERPLICHTWET,
    "Leerplichtwet 1969",
    "BWBR0002628",
    "kinderen naar school moeten en dat de gemeente verzuim aanpakt"
);
law!(
    PROVINCIEWET,
    "Provinciewet",
    "BWBR0005645",
    "de provincie taken heeft voor wegen, natuur en regionale ontwikkeling"
);
law!(
    AWR,
    "Algemene wet inzake rijksbelastingen",
    "BWBR0002320",
    "hoe belastingen worden vastgesteld en gecontroleerd"
);
law!(
    AWIR,
    "Algemene wet inkomensafhankelijke regelingen",
    "BWBR0018472",
    "wie recht heeft op een tegemoetkoming en hoe die wordt berekend"
);
law!(
    WSF,
    "Wet studiefinanciering 2000",
    "BWBR0011453",
    "studenten recht hebben op studiefinanciering en dat de uitvoerder controleert of de gegevens kloppen"
);
law!(
    WW,
    "Werkloosheidswet",
    "BWBR0004045",
    "werknemers die hun baan verliezen onder voorwaarden recht hebben op een uitkering"
);
law!(
    AKW,
    "Algemene Kinderbijslagwet",
    "BWBR0002368",
    "ouders een bijdrage krijgen in de kosten voor hun kinderen"
);
law!(
    VW2000,
    "Vreemdelingenwet 2000",
    "BWBR0011823",
    "hoe aanvragen voor verblijf in Nederland worden behandeld"
);
law!(
    WAHV,
    "Wet administratiefrechtelijke handhaving verkeersvoorschriften",
    "BWBR0004049",
    "lichte verkeersovertredingen met een administratieve boete worden afgedaan"
);
law!(
    HUISVESTINGSWET,
    "Huisvestingswet 2014",
    "BWBR0035303",
    "de gemeente regels mag stellen over het verdelen van woonruimte en over vakantieverhuur"
);
law!(
    WI2021,
    "Wet inburgering 2021",
    "BWBR0044770",
    "nieuwkomers inburgeren en dat de gemeente hen daarbij begeleidt"
);
law!(
    POLITIEWET,
    "Politiewet 2012",
    "BWBR0031788",
    "de politie zorgt voor de handhaving van de rechtsorde en hulp aan wie dat nodig heeft"
);
law!(
    WPOLG,
    "Wet politiegegevens",
    "BWBR0022463",
    "de politie politiegegevens alleen voor bepaalde doelen mag verwerken"
);
law!(
    WNB,
    "Wet natuurbescherming",
    "BWBR0037552",
    "de provincie zorgt voor de bescherming van natuur en wilde dieren"
);
law!(
    WP2000,
    "Wet personenvervoer 2000",
    "BWBR0011470",
    "de provincie het openbaar vervoer in de regio aanbesteedt en regelt"
);
law!(
    ARCHIEFWET,
    "Archiefwet 1995",
    "BWBR0007376",
    "overheidsdocumenten goed bewaard en vindbaar moeten zijn"
);
law!(
    BIBOB,
    "Wet Bibob",
    "BWBR0013798",
    "de overheid kan onderzoeken of een vergunning misbruikt kan worden voor criminele activiteiten"
);
law!(
    WONINGWET,
    "Woningwet",
    "BWBR0005181",
    "gebouwen veilig en gezond moeten zijn"
);
law!(
    WPO,
    "Wet op het primair onderwijs",
    "BWBR0003420",
    "de gemeente onder voorwaarden zorgt voor vervoer van leerlingen"
);
law!(
    WOT,
    "Wet op het onderwijstoezicht",
    "BWBR0013108",
    "de inspectie toezicht houdt op de kwaliteit van het onderwijs"
);
law!(
    INVORDERINGSWET,
    "Invorderingswet 1990",
    "BWBR0004770",
    "belastingschuldigen met een laag inkomen kwijtschelding kunnen krijgen"
);
law!(
    BW6,
    "Burgerlijk Wetboek Boek 6",
    "BWBR0005289",
    "de beheerder aansprakelijk is voor schade door gebrekkige wegen of bomen"
);
law!(
    WEGENWET,
    "Wegenwet",
    "BWBR0001880",
    "de wegbeheerder de wegen in goede staat moet houden"
);
law!(
    WBNI,
    "Wet beveiliging netwerk- en informatiesystemen",
    "BWBR0041515",
    "organisaties hun netwerk- en informatiesystemen goed moeten beveiligen"
);
law!(
    AMBTENARENWET,
    "Ambtenarenwet 2017",
    "BWBR0001862",
    "welke regels gelden voor het werk en de rechtspositie van ambtenaren"
);
law!(
    ARBOWET,
    "Arbeidsomstandighedenwet",
    "BWBR0010346",
    "de werkgever zorgt voor veilig en gezond werk"
);
law!(
    WKO,
    "Wet kinderopvang",
    "BWBR0017017",
    "ouders een tegemoetkoming kunnen krijgen in de kosten van kinderopvang"
);
law!(
    WSUWI,
    "Wet structuur uitvoeringsorganisatie werk en inkomen",
    "BWBR0013060",
    "overheden gegevens over werk en inkomen met elkaar mogen uitwisselen via Suwinet"
);

// ---------------------------------------------------------------------------------------------------
// Data sources for `source_data_grouping`.

pub(crate) struct Source {
    pub title: &'static str,
    pub link: &'static str,
}

macro_rules! source {
    ($name:ident, $title:literal, $link:literal) => {
        pub(crate) static $name: Source = Source {
            title: $title,
            link: $link,
        };
    };
}

source!(
    S_BRP,
    "Basisregistratie Personen (BRP)",
    "https://www.rvig.nl/basisregistratie-personen"
);
source!(
    S_BAG,
    "Basisregistratie Adressen en Gebouwen (BAG)",
    "https://www.kadaster.nl/zakelijk/registraties/basisregistraties/bag"
);
source!(
    S_BRK,
    "Basisregistratie Kadaster (BRK)",
    "https://www.kadaster.nl/zakelijk/registraties/basisregistraties/brk"
);
source!(
    S_BGT,
    "Basisregistratie Grootschalige Topografie (BGT)",
    "https://www.kadaster.nl/zakelijk/registraties/basisregistraties/bgt"
);
source!(
    S_WOZ,
    "Basisregistratie Waarde Onroerende Zaken (WOZ)",
    "https://www.waarderingskamer.nl/woz-registratie"
);
source!(
    S_HR,
    "Handelsregister van de Kamer van Koophandel (KvK)",
    "https://www.kvk.nl/handelsregister"
);
source!(
    S_RDW,
    "Kentekenregister van de RDW",
    "https://www.rdw.nl/kentekenregister"
);
source!(
    S_AHN,
    "Actueel Hoogtebestand Nederland (AHN)",
    "https://www.ahn.nl/dataset"
);
source!(
    S_KNMI,
    "Weergegevens van het KNMI",
    "https://dataplatform.knmi.nl/datasets"
);
source!(
    S_CBS,
    "Open data van het CBS (StatLine)",
    "https://opendata.cbs.nl/statline"
);
source!(
    S_LUCHTFOTO,
    "Luchtfoto's via PDOK",
    "https://www.pdok.nl/luchtfotos"
);
source!(S_SUWI, "Suwinet", "https://www.bkwi.nl/suwinet");
source!(
    S_IB,
    "Gegevens van het Inlichtingenbureau",
    "https://www.inlichtingenbureau.nl/gegevensleveringen"
);
source!(
    S_NDW,
    "Verkeersgegevens van het NDW",
    "https://www.ndw.nu/verkeersdata"
);
source!(
    S_NPR,
    "Nationaal Parkeerregister",
    "https://www.nationaalparkeerregister.nl/gegevens"
);
source!(
    S_SATELLIET,
    "Satellietbeelden via het Satellietdataportaal",
    "https://www.satellietdataportaal.nl/beelden"
);
source!(
    S_RWS,
    "Waterdata van Rijkswaterstaat",
    "https://waterinfo.rws.nl/publiek"
);
source!(
    S_BRO,
    "Basisregistratie Ondergrond (BRO)",
    "https://www.broloket.nl/ondergrondgegevens"
);
source!(
    S_DUO,
    "Onderwijsgegevens van DUO",
    "https://duo.nl/open_onderwijsdata"
);
source!(
    S_LRK,
    "Landelijk Register Kinderopvang (LRK)",
    "https://www.landelijkregisterkinderopvang.nl/gegevens"
);

// ---------------------------------------------------------------------------------------------------
// Suppliers: fictitious names, shared across organisations.

pub(crate) const INTERN: &str = "Intern ontwikkeld";
pub(crate) const P_SCANMOBIEL: &str = "Scanmobiel B.V.";
pub(crate) const P_PARKEERREGIE: &str = "ParkeerRegie Systemen";
pub(crate) const P_TAXARO: &str = "Taxaro Waardering B.V.";
pub(crate) const P_PANDWAARDE: &str = "Pandwaarde Analytics";
pub(crate) const P_ROUTEVLAK: &str = "Routevlak Logistiek";
pub(crate) const P_CONTAINERWIJS: &str = "Containerwijs";
pub(crate) const P_ZORGPUNT: &str = "Zorgpunt Systemen B.V.";
pub(crate) const P_KOMPAS: &str = "Kompas Sociaal Domein";
pub(crate) const P_DIALOOGWERK: &str = "Dialoogwerk";
pub(crate) const P_VRAAGBAAK: &str = "Vraagbaak AI B.V.";
pub(crate) const P_TOLKWIJS: &str = "Tolkwijs Online";
pub(crate) const P_LINGUO: &str = "Linguo Publica";
pub(crate) const P_LUMENSTAD: &str = "Lumenstad";
pub(crate) const P_BEELDWIJS: &str = "Beeldwijs Analytics";
pub(crate) const P_SCHERPZICHT: &str = "Scherpzicht Inspecties";
pub(crate) const P_POLDERLOGICA: &str = "Polderlogica";
pub(crate) const P_GEMAALBREIN: &str = "Gemaalbrein B.V.";
pub(crate) const P_LAKWERK: &str = "Lakwerk Documentbeheer";
pub(crate) const P_SPRAAKHELDER: &str = "Spraakhelder";
pub(crate) const P_KADRIX: &str = "Kadrix Analytics";
pub(crate) const P_REKENHUIS: &str = "Rekenhuis Risicomodellen";
pub(crate) const P_PLANMAAT: &str = "Planmaat Software";
pub(crate) const P_KAARTKOMPAS: &str = "Kaartkompas Geo";
pub(crate) const P_MELDWERK: &str = "Meldwerk Systemen";
pub(crate) const P_GROENEGOLF: &str = "Groene Golf Verkeerssystemen";
pub(crate) const P_MILIEUMETER: &str = "Milieumeter B.V.";
pub(crate) const P_DRUKTERADAR: &str = "Drukteradar";
pub(crate) const P_FACTURO: &str = "Facturo";
pub(crate) const P_ROOSTERKRACHT: &str = "Roosterkracht";
pub(crate) const P_NETWACHT: &str = "Netwacht Security";
pub(crate) const P_KLARETAAL: &str = "Klaretaal.ai";

// ---------------------------------------------------------------------------------------------------
// People (authors of versions): common Dutch first names and surnames, combined at random.

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Anouk",
    "Bram",
    "Charlotte",
    "Daan",
    "Esther",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Ilse",
    "Jeroen",
    "Karin",
    "Lars",
    "Marieke",
    "Niels",
    "Olga",
    "Pieter",
    "Renske",
    "Sander",
    "Tamara",
    "Ruud",
    "Vera",
    "Wouter",
    "Yvonne",
    "Zeynep",
    "Mohammed",
    "Fatima",
    "Sanne",
    "Thijs",
    "Lotte",
    "Koen",
    "Emine",
    "Joost",
    "Linda",
    "Bas",
    "Inge",
    "Mark",
    "Naomi",
    "Erik",
    "Aylin",
    "Hendrik",
    "Manon",
    "Stefan",
    "Ricardo",
    "Priya",
    "Femke",
    "Jan-Willem",
    "Annelies",
    "Dewi",
    "Tom",
    "Sophie",
];

pub(crate) const SURNAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "Schouten",
    "van Beek",
    "Willems",
    "van Dijk",
    "Hoekstra",
    "Koster",
    "Postma",
    "Yilmaz",
    "El Amrani",
    "Verhoeven",
    "Kuipers",
    "Prins",
    "Huisman",
    "Peeters",
    "Kramer",
    "van Wijk",
    "Sarmo",
    "Bosman",
    "Veenstra",
    "Zijlstra",
    "Wolters",
];

// ---------------------------------------------------------------------------------------------------
// Generic sentence pools.

/// How citizens and businesses meet the algorithm, per decision style (goal, second paragraph).
pub(crate) const IMPACT_ADVICE: &[&str] = &[
    "Het algoritme neemt zelf geen besluiten. Een medewerker bekijkt elk signaal en beslist wat er gebeurt.",
    "Inwoners merken het algoritme alleen als een medewerker naar aanleiding van een signaal contact opneemt.",
    "De uitkomst is een advies voor een medewerker. Inwoners worden altijd geïnformeerd als er een besluit over hen wordt genomen.",
    "Een signaal betekent niet dat iemand iets fout heeft gedaan. Het is alleen een reden om beter te kijken.",
    "Wie het niet eens is met een besluit, kan bezwaar maken. Het algoritme speelt bij de behandeling van het bezwaar geen rol.",
];
pub(crate) const IMPACT_AUTOMATED: &[&str] = &[
    "Inwoners krijgen een besluit waartegen zij bezwaar kunnen maken. In de brief staat hoe dat werkt.",
    "Het besluit wordt automatisch genomen, maar volgens dezelfde regels die een medewerker zou toepassen.",
    "Inwoners worden per brief of via de Berichtenbox van MijnOverheid geïnformeerd over de uitkomst.",
    "Door de automatische verwerking krijgen inwoners sneller duidelijkheid, vaak binnen een paar dagen.",
];
pub(crate) const IMPACT_SUPPORT: &[&str] = &[
    "Inwoners en bedrijven merken weinig van het algoritme, behalve dat het werk sneller en beter gaat.",
    "Het algoritme neemt geen besluiten over personen of bedrijven.",
    "De gevolgen voor inwoners zijn klein: het algoritme ondersteunt alleen het werk van medewerkers.",
    "Er worden geen persoonsgegevens gebruikt om besluiten te nemen.",
];
pub(crate) const IMPACT_PUBLIC: &[&str] = &[
    "Inwoners gebruiken de dienst zelf. Gebruik is vrijwillig en er zijn altijd andere manieren om contact op te nemen.",
    "De dienst is dag en nacht beschikbaar, ook in het weekend.",
    "De uitkomst is informatie en geen besluit. Aan het antwoord kunnen geen rechten worden ontleend.",
];

/// Abbreviation sentences: a full form beside its abbreviation, so search can find both. The key says
/// when the sentence fits: a tag the archetype must have ("AVG" and "BSN" fit any personal data).
pub(crate) const ABBREVIATIONS: &[(&str, &str)] = &[
    (
        "AVG",
        "Persoonsgegevens worden verwerkt volgens de Algemene verordening gegevensbescherming (AVG).",
    ),
    (
        "BSN",
        "Waar nodig gebruiken we het burgerservicenummer (BSN) om gegevens aan de juiste persoon te koppelen.",
    ),
    (
        "BRP",
        "Adresgegevens komen uit de Basisregistratie Personen (BRP).",
    ),
    (
        "KvK",
        "Gegevens van bedrijven komen uit het Handelsregister van de Kamer van Koophandel (KvK).",
    ),
    (
        "RDW",
        "Voor gegevens over voertuigen gebruiken we het kentekenregister van de Dienst Wegverkeer (RDW).",
    ),
    (
        "UWV",
        "Gegevens over werk en uitkeringen komen van het Uitvoeringsinstituut Werknemersverzekeringen (UWV).",
    ),
    (
        "SVB",
        "Waar nodig gebruiken we gegevens van de Sociale Verzekeringsbank (SVB).",
    ),
    (
        "DUO",
        "Onderwijsgegevens komen van Dienst Uitvoering Onderwijs (DUO).",
    ),
    (
        "CJIB",
        "Boetes worden geïnd door het Centraal Justitieel Incassobureau (CJIB).",
    ),
    (
        "IND",
        "Aanvragen voor verblijf worden behandeld door de Immigratie- en Naturalisatiedienst (IND).",
    ),
    (
        "WOZ",
        "De waarde onroerende zaken (WOZ) is de basis voor verschillende belastingen.",
    ),
    (
        "Wmo",
        "De Wet maatschappelijke ondersteuning (Wmo) regelt welke hulp de gemeente biedt.",
    ),
];

/// Benefits per technique (proportionality).
pub(crate) const BENEFIT_RULES: &[&str] = &[
    "Vaste beslisregels zorgen ervoor dat vergelijkbare situaties op dezelfde manier worden behandeld.",
    "De regels zijn goed uit te leggen en te controleren, ook door een rechter.",
    "Medewerkers hoeven minder routinewerk te doen en houden meer tijd over voor ingewikkelde gevallen.",
];
pub(crate) const BENEFIT_STATS: &[&str] = &[
    "Het model maakt het werk sneller en consistenter dan handmatig werk.",
    "Bij een statistisch model is bekend welke kenmerken meewegen. Daardoor is de uitkomst goed te controleren.",
    "De financiële voordelen zijn groot, omdat er minder handwerk nodig is.",
];
pub(crate) const BENEFIT_ML: &[&str] = &[
    "Het model herkent patronen die met de hand moeilijk te zien zijn.",
    "Medewerkers besteden minder tijd aan routinewerk en meer tijd aan contact met inwoners.",
    "Het model werkt sneller dan een mens en maakt geen fouten door vermoeidheid.",
];
pub(crate) const BENEFIT_VISION: &[&str] = &[
    "Met beeldherkenning kunnen we veel grotere gebieden bekijken dan met inspecteurs alleen.",
    "Inspecties zijn veiliger, omdat minder mensen op gevaarlijke plekken hoeven te komen.",
    "Problemen worden eerder gevonden. Dat voorkomt grotere schade en hogere financiële kosten.",
];
pub(crate) const BENEFIT_LANGUAGE: &[&str] = &[
    "Inwoners krijgen sneller antwoord, ook buiten kantoortijden.",
    "Informatie wordt beter toegankelijk, ook voor mensen die de Nederlandse taal minder goed beheersen.",
    "Medewerkers hebben meer tijd voor vragen die persoonlijke aandacht nodig hebben.",
];
pub(crate) const BENEFIT_OPTIM: &[&str] = &[
    "Planningen zijn efficiënter. Dat bespaart kosten, kilometers en uitstoot.",
    "Planners hebben meer tijd voor uitzonderingen en onverwachte situaties.",
    "Een betere planning zorgt voor een betrouwbare dienstverlening.",
];
pub(crate) const BENEFIT_FORECAST: &[&str] = &[
    "Door vooruit te kijken kunnen we op tijd maatregelen nemen.",
    "Mensen en middelen worden ingezet op de plek waar ze het meest nodig zijn.",
    "De voorspelling helpt bij een realistische begroting en voorkomt financiële tegenvallers.",
];
pub(crate) const BENEFIT_SENSOR: &[&str] = &[
    "De regeling past zich direct aan de situatie aan.",
    "Het bespaart energie en kosten, zonder dat de dienstverlening slechter wordt.",
    "Storingen worden sneller opgemerkt en verholpen.",
];

pub(crate) const DRAWBACKS: &[&str] = &[
    "Een nadeel is dat het algoritme fouten kan maken. Daarom blijft controle door mensen nodig.",
    "Het opzetten en onderhouden van het systeem kost geld en tijd.",
    "Er bestaat een risico dat medewerkers te veel op de uitkomst vertrouwen.",
    "Niet iedereen kan goed met digitale middelen omgaan. Daarom blijft de gewone werkwijze ook mogelijk.",
    "We zijn voor een deel afhankelijk van een leverancier.",
];
pub(crate) const DRAWBACKS_PERSONAL: &[&str] = &[
    "Er worden persoonsgegevens verwerkt. Dat raakt de privacy van inwoners; we houden die inbreuk zo klein mogelijk.",
    "Het gebruik van gegevens uit verschillende bronnen kan voelen als wantrouwen. Daarom zijn we open over hoe het werkt.",
    "Een verkeerde uitkomst kan gevolgen hebben voor een inwoner. Daarom neemt altijd een mens het besluit.",
];
pub(crate) const ALTERNATIVES: &[&str] = &[
    "Als alternatief is gekeken naar volledig handmatig werk. Dat kost veel meer tijd en geeft meer verschillen tussen medewerkers.",
    "We hebben ook overwogen om niets te veranderen. Dan blijven de wachttijden lang en de kosten hoog.",
    "Een steekproef zonder algoritme is overwogen, maar die vindt minder fouten.",
    "Een eenvoudiger oplossing met vaste schema's is getest, maar bleek minder goed te werken.",
    "Er is gekeken naar oplossingen die minder gegevens gebruiken. Waar dat kon, is dat gedaan.",
];
pub(crate) const CONCLUSIONS: &[&str] = &[
    "Alles bij elkaar wegen de voordelen op tegen de nadelen.",
    "{De_org} vindt de inzet daarom verantwoord, zolang de maatregelen onder Risicobeheer worden nageleefd.",
    "We evalueren elk jaar of het algoritme nog nodig is en goed werkt.",
    "De inzet is in verhouding tot het doel: we gebruiken niet meer gegevens dan nodig.",
    "Het bestuur heeft op basis van deze afweging ingestemd met het gebruik.",
];

/// Human intervention per decision style.
pub(crate) const HUMAN_ADVICE: &[&str] = &[
    "Het algoritme geeft alleen een signaal of advies. Een medewerker beoordeelt elk geval en neemt het besluit.",
    "De medewerker kan altijd afwijken van het advies. Dat wordt vastgelegd met een korte uitleg.",
    "Medewerkers krijgen een training over de werking en de beperkingen van het algoritme.",
    "Een tweede medewerker controleert regelmatig een steekproef van de beoordelingen.",
    "Inwoners kunnen vragen hoe een besluit tot stand is gekomen en welke gegevens daarbij zijn gebruikt.",
    "Voordat er iets verandert voor een inwoner, wordt hij of zij geïnformeerd en kan hij of zij reageren.",
];
pub(crate) const HUMAN_AUTOMATED: &[&str] = &[
    "Het algoritme neemt het besluit automatisch op basis van vaste regels.",
    "Bij twijfelgevallen of ontbrekende gegevens gaat het dossier naar een medewerker.",
    "Inwoners kunnen bezwaar maken. Een medewerker beoordeelt het bezwaar volledig opnieuw, zonder het algoritme.",
    "Elke maand controleert een medewerker een steekproef van de automatische besluiten.",
    "U kunt altijd vragen om een beoordeling door een mens (artikel 22 AVG).",
];
pub(crate) const HUMAN_SUPPORT: &[&str] = &[
    "Het algoritme neemt geen besluiten over personen.",
    "Medewerkers gebruiken de uitkomst als hulpmiddel en kunnen die altijd aanpassen.",
    "Een beheerder controleert regelmatig of de uitkomsten logisch zijn.",
    "Bij een storing schakelen we over op de handmatige werkwijze.",
    "Vakmensen beslissen zelf of zij de uitkomst overnemen.",
];
pub(crate) const HUMAN_PUBLIC: &[&str] = &[
    "Inwoners gebruiken de dienst zelf en bepalen zelf wat ze met het antwoord doen.",
    "Wie liever met een mens praat, kan altijd bellen, mailen of langskomen.",
    "Medewerkers lezen regelmatig gesprekken terug, zonder persoonsgegevens, om de antwoorden te verbeteren.",
    "Een redacteur beheert de teksten waarop de antwoorden gebaseerd zijn.",
];

/// Risks as (risk, measure) pairs per technique.
pub(crate) type RiskPair = (&'static str, &'static str);

pub(crate) const RISKS_RULES: &[RiskPair] = &[
    (
        "Regels kunnen verouderd raken als wet- of regelgeving verandert.",
        "Een vaste beheerder controleert de regels bij elke wetswijziging.",
    ),
    (
        "Een fout in een regel raakt veel mensen tegelijk.",
        "Nieuwe regels worden eerst getest met bekende gevallen uit het verleden.",
    ),
    (
        "Bijzondere situaties passen niet altijd in de regels.",
        "Medewerkers kunnen altijd afwijken als de situatie daarom vraagt.",
    ),
    (
        "Gegevens uit andere bronnen kunnen verouderd zijn.",
        "Voor een besluit worden de gegevens altijd met de inwoner gecontroleerd.",
    ),
];
pub(crate) const RISKS_MODEL: &[RiskPair] = &[
    (
        "Het model kan bepaalde groepen ongewild vaker selecteren (bias).",
        "We testen elk jaar of de uitkomsten verschillen tussen groepen, bijvoorbeeld naar leeftijd of wijk.",
    ),
    (
        "Het model wordt minder goed als de situatie verandert.",
        "De nauwkeurigheid wordt elk kwartaal gemeten en het model wordt zo nodig opnieuw getraind.",
    ),
    (
        "De uitkomst is lastig uit te leggen.",
        "Bij elke uitkomst laat het systeem zien welke kenmerken het zwaarst meewogen.",
    ),
    (
        "Gegevens kunnen onvolledig of onjuist zijn.",
        "Bronnen worden gecontroleerd voordat ze gebruikt worden.",
    ),
];
pub(crate) const RISKS_VISION: &[RiskPair] = &[
    (
        "Op beelden kunnen mensen of kentekens te zien zijn.",
        "Gezichten en kentekens worden automatisch onherkenbaar gemaakt voordat beelden worden opgeslagen.",
    ),
    (
        "Het model kan iets missen of ten onrechte iets zien.",
        "Inspecteurs controleren een steekproef en alle meldingen met een hoge prioriteit.",
    ),
    (
        "Slecht weer of weinig licht maakt de beelden minder bruikbaar.",
        "Opnames worden alleen gebruikt als het zicht goed genoeg is.",
    ),
];
pub(crate) const RISKS_LANGUAGE: &[RiskPair] = &[
    (
        "Het systeem kan een onjuist of onvolledig antwoord geven.",
        "Bij elk antwoord staat een link naar de officiële informatie en de mogelijkheid om een medewerker te spreken.",
    ),
    (
        "Gebruikers kunnen persoonsgegevens invoeren.",
        "Gesprekken worden na 30 dagen verwijderd en niet gebruikt om het model te trainen.",
    ),
    (
        "Vertalingen of samenvattingen kunnen fouten bevatten.",
        "Bij belangrijke teksten controleert een medewerker of vertaler de uitkomst.",
    ),
    (
        "Het taalmodel kan informatie verzinnen.",
        "Het model mag alleen antwoorden op basis van gecontroleerde teksten van de eigen website.",
    ),
];
pub(crate) const RISKS_OPERATIONS: &[RiskPair] = &[
    (
        "Een storing kan de planning of regeling verstoren.",
        "Er is een terugvaloptie met vaste schema's.",
    ),
    (
        "De voorspelling kan afwijken van de werkelijkheid.",
        "De uitkomst wordt vergeleken met de werkelijke cijfers en waar nodig bijgesteld.",
    ),
    (
        "Sensoren kunnen kapot gaan of verkeerde waarden geven.",
        "Afwijkende metingen geven automatisch een melding aan de beheerder.",
    ),
];
pub(crate) const RISKS_GENERIC: &[RiskPair] = &[
    (
        "Er kan een datalek ontstaan.",
        "Gegevens zijn versleuteld en alleen bevoegde medewerkers hebben toegang.",
    ),
    (
        "We zijn afhankelijk van de leverancier.",
        "In het contract staan afspraken over gegevens, beveiliging en uitleg van de werking.",
    ),
    (
        "Medewerkers kunnen te veel vertrouwen op de uitkomst.",
        "Medewerkers krijgen uitleg over wat het algoritme wel en niet kan.",
    ),
];
pub(crate) const RISKS_HIGH_ADVICE: &[RiskPair] = &[
    (
        "Er is een risico op discriminatie.",
        "Gegevens over nationaliteit, afkomst, geloof of gezondheid worden niet gebruikt om te selecteren.",
    ),
    (
        "Een onterecht signaal kan veel impact hebben op een inwoner.",
        "Een signaal leidt nooit direct tot een sanctie; er volgt altijd eerst een gesprek.",
    ),
];
pub(crate) const RISKS_HIGH_AUTOMATED: &[RiskPair] = &[
    (
        "Er is een risico op ongelijke behandeling.",
        "De uitkomsten worden elk jaar vergeleken tussen groepen en wijken; grote verschillen worden onderzocht.",
    ),
    (
        "Een onjuiste uitkomst kan financiële gevolgen hebben voor een inwoner.",
        "Bezwaar is altijd mogelijk en wordt door een medewerker behandeld, zonder het algoritme.",
    ),
];
pub(crate) const RISK_INTROS: &[&str] = &[
    "We hebben de belangrijkste risico's in kaart gebracht en maatregelen genomen:",
    "Bij de inzet van dit algoritme zien we de volgende risico's. Achter elk risico staat wat we eraan doen.",
    "Deze risico's zijn bekend en worden beheerst:",
];

/// Updates appended to risks or human intervention in later versions. `{when}` = "maart 2024".
pub(crate) const RISK_UPDATES: &[&str] = &[
    "Aanvulling {when}: bij de jaarlijkse evaluatie zijn geen verschillen tussen groepen gevonden.",
    "Aanvulling {when}: na een audit is de toegang tot de gegevens verder beperkt.",
    "Aanvulling {when}: er is een nieuwe versie van het model in gebruik genomen. Die is opnieuw getest op bias.",
    "Aanvulling {when}: de bewaartermijn van de gegevens is verkort van twaalf naar zes maanden.",
    "Aanvulling {when}: de leverancier heeft een onafhankelijke beveiligingstest laten uitvoeren. Gevonden zwakke plekken zijn opgelost.",
    "Aanvulling {when}: de functionaris gegevensbescherming heeft advies gegeven. Dat advies is overgenomen.",
    "Aanvulling {when}: de auditdienst heeft de werking gecontroleerd en geen grote tekortkomingen gevonden.",
];
pub(crate) const HUMAN_UPDATES: &[&str] = &[
    "Sinds {when} controleert een tweede medewerker alle uitkomsten met grote gevolgen.",
    "Sinds {when} krijgen alle nieuwe medewerkers een training over het werken met algoritmes.",
    "Sinds {when} wordt bij elk besluit vastgelegd of de medewerker van het advies is afgeweken.",
    "Sinds {when} is er een vast overleg over de coördinatie tussen de teams die het algoritme gebruiken.",
];
pub(crate) const SOURCE_UPDATES: &[&str] = &[
    "Gegevens over eerdere contacten met {de_org} (toegevoegd in {when})",
    "Openbare gegevens van het CBS (toegevoegd in {when})",
    "Terugmeldingen van medewerkers over onjuiste uitkomsten (toegevoegd in {when})",
];

/// Methods: the kind of model, per technique.
pub(crate) const MODEL_RULES: &[&str] = &[
    "Het algoritme is regelgebaseerd: mensen hebben de regels opgesteld en de computer voert ze uit. Het is niet zelflerend.",
    "Het gaat om een beslisboom met vaste regels. De regels zijn afgeleid van wetgeving en beleidsregels en zijn niet zelflerend.",
    "De regels staan in een beslistabel die door juristen en medewerkers samen is opgesteld. Het algoritme leert niet zelf bij.",
];
pub(crate) const MODEL_STATS: &[&str] = &[
    "Het gaat om een statistisch model (regressie). Het is vooraf getraind en leert niet zelf bij tijdens het gebruik.",
    "Het model is een statistisch vergelijkingsmodel. De gewichten van de kenmerken zijn bekend en worden jaarlijks opnieuw bepaald.",
];
pub(crate) const MODEL_ML: &[&str] = &[
    "Het gaat om een zelflerend model (machine learning) van het type gradient boosting. Het model wordt periodiek opnieuw getraind.",
    "Het model is een random forest: een verzameling beslisbomen die samen een uitkomst bepalen. Het is getraind op historische gegevens.",
    "Het gaat om een classificatiemodel dat is getraind op eerder beoordeelde gevallen. Het model leert niet zelf bij tijdens het gebruik.",
];
pub(crate) const MODEL_VISION: &[&str] = &[
    "Het gaat om een beeldherkenningsmodel (een convolutioneel neuraal netwerk) dat is getraind op duizenden gelabelde foto's.",
    "Het model is een neuraal netwerk voor objectherkenning. Het is getraind op beelden die door vakmensen zijn beoordeeld.",
];
pub(crate) const MODEL_LANGUAGE: &[&str] = &[
    "Het systeem gebruikt een groot taalmodel (LLM). Het model is niet door ons getraind, maar wordt ingezet met eigen instructies en teksten.",
    "Het gaat om een neuraal taalmodel. Het draait op servers in de Europese Unie.",
    "Het systeem combineert een taalmodel met een zoekfunctie in gecontroleerde teksten (retrieval augmented generation).",
];
pub(crate) const MODEL_OPTIM: &[&str] = &[
    "Het algoritme is een optimalisatiemethode (een heuristiek) die binnen een paar minuten een goede oplossing zoekt. Het is niet zelflerend.",
    "Het gaat om een planningsalgoritme dat veel mogelijke oplossingen vergelijkt en de beste kiest binnen de gestelde eisen.",
];
pub(crate) const MODEL_FORECAST: &[&str] = &[
    "Het gaat om een tijdreeksmodel dat patronen uit het verleden doortrekt naar de toekomst.",
    "Het model is een voorspellend model op basis van machine learning, getraind op gegevens van de afgelopen jaren.",
];
pub(crate) const MODEL_SENSOR: &[&str] = &[
    "Het gaat om een regelalgoritme met drempelwaarden. Het is niet zelflerend.",
    "Het algoritme werkt met vaste regels die per locatie zijn ingesteld. Beheerders kunnen de instellingen aanpassen.",
];
pub(crate) const VALIDATION: &[&str] = &[
    "Voor de ingebruikname is het algoritme getest op gegevens uit het verleden.",
    "De werking wordt elk jaar geëvalueerd. De uitkomsten van die evaluatie worden besproken met de proceseigenaar.",
    "Wijzigingen worden eerst in een testomgeving uitgeprobeerd.",
    "De prestaties worden bijgehouden op een dashboard dat de beheerder elke week bekijkt.",
];
pub(crate) const OUTPUT_ADVICE: &[&str] = &[
    "een signaal of advies voor een medewerker, met een korte uitleg",
    "een lijst met dossiers in volgorde van prioriteit",
    "een score met de redenen die het zwaarst meewogen",
];
pub(crate) const OUTPUT_AUTOMATED: &[&str] = &[
    "een besluit of berekening die automatisch wordt verwerkt, met een controle op twijfelgevallen",
    "een berekende uitkomst die in de beschikking wordt overgenomen",
];
/// Output of supporting algorithms, per technique.
pub(crate) const OUTPUT_SUPPORT_RULES: &[&str] =
    &["een voorstel dat een medewerker controleert en overneemt of aanpast"];
pub(crate) const OUTPUT_SUPPORT_MODEL: &[&str] = &[
    "een voorstel met een zekerheidsscore, dat een medewerker controleert",
    "een indeling of markering die medewerkers kunnen aanpassen",
];
pub(crate) const OUTPUT_SUPPORT_VISION: &[&str] = &[
    "een overzicht van wat op de beelden is herkend, met de locatie",
    "een kaart met de gevonden plekken en een inschatting van de ernst",
];
pub(crate) const OUTPUT_SUPPORT_OPTIM: &[&str] = &[
    "een planning of route die een planner kan aanpassen",
    "een voorstel voor de inzet van mensen en middelen",
];
pub(crate) const OUTPUT_SUPPORT_FORECAST: &[&str] = &[
    "een voorspelling voor de komende periode",
    "een prognose met een bandbreedte",
];
pub(crate) const OUTPUT_SUPPORT_SENSOR: &[&str] = &[
    "een instelling van de installatie en een melding bij afwijkingen",
    "een regelsignaal en een logboek voor de beheerder",
];
pub(crate) const OUTPUT_SUPPORT_LANGUAGE: &[&str] = &[
    "een tekst die een medewerker controleert en verbetert",
    "een samenvatting of uitgeschreven tekst",
];
pub(crate) const OUTPUT_PUBLIC: &[&str] = &[
    "een antwoord of tekst die de gebruiker direct te zien krijgt",
    "een tekst voor de gebruiker, met een verwijzing naar meer informatie",
];

/// Impact assessments. (code, long title, short title)
pub(crate) const TESTS: &[(&str, &str, &str)] = &[
    ("dpia", "Data Protection Impact Assessment (DPIA)", "DPIA"),
    (
        "iama",
        "Impact Assessment Mensenrechten en Algoritmes (IAMA)",
        "IAMA",
    ),
    (
        "fria",
        "Fundamental Rights Impact Assessment (FRIA)",
        "FRIA",
    ),
    (
        "fraia",
        "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)",
        "FRAIA",
    ),
    ("aiia", "AI Impact Assesment (AIIA)", "AIIA"),
    ("deda", "De Ethische Data Assistant (DEDA)", "DEDA"),
    ("prescan", "Pre-scan DPIA", "Pre-scan DPIA"),
    ("quickscan", "Privacy Quickscan", "Privacy Quickscan"),
];
pub(crate) const FREE_TESTS: &[&str] = &[
    "Interne algoritmetoets",
    "Advies ethische commissie",
    "Risicoanalyse informatiebeveiliging",
    "Toets op begrijpelijke taal",
];
pub(crate) const TESTS_DONE_TEXT: &[&str] = &[
    "De toetsen zijn uitgevoerd voordat het algoritme in gebruik ging.",
    "Uit de toetsen bleek dat de risico's beperkt zijn, als de maatregelen onder Risicobeheer worden genomen.",
    "De uitkomsten zijn besproken met medewerkers, juristen, de privacy officer en een ervaringsdeskundige.",
    "De toetsen worden elke twee jaar opnieuw bekeken, of eerder als het algoritme verandert.",
    "Het volledige rapport is op te vragen via het contactadres.",
];
pub(crate) const TESTS_NONE_TEXT: &[&str] = &[
    "Er is geen DPIA uitgevoerd, omdat het algoritme geen persoonsgegevens verwerkt.",
    "Een pre-scan liet zien dat een volledige DPIA niet nodig is.",
    "Een IAMA is niet uitgevoerd, omdat het algoritme geen invloed heeft op besluiten over personen.",
    "Een impacttoets staat gepland. De uitkomst wordt hier toegevoegd zodra die bekend is.",
];

/// Introductions and closings for the data field.
pub(crate) const DATA_INTROS: &[&str] = &[
    "Het algoritme gebruikt de volgende gegevens:",
    "Deze gegevens worden gebruikt:",
    "Voor de werking zijn deze gegevens nodig:",
    "Het algoritme werkt met gegevens uit deze bronnen:",
];
pub(crate) const DATA_PERSONAL: &[&str] = &[
    "Persoonsgegevens worden niet langer bewaard dan nodig. In de meeste gevallen is dat twaalf maanden.",
    "We gebruiken alleen de gegevens die nodig zijn voor dit doel. Bijzondere persoonsgegevens worden niet gebruikt.",
    "Alleen medewerkers die de gegevens nodig hebben voor hun werk kunnen ze inzien.",
    "Het burgerservicenummer (BSN) wordt alleen gebruikt om gegevens uit verschillende bronnen aan elkaar te koppelen.",
];
pub(crate) const DATA_NONPERSONAL: &[&str] = &[
    "Er worden geen persoonsgegevens gebruikt.",
    "De gegevens zijn openbaar of komen uit de eigen systemen van {de_org}.",
    "De gegevens bevatten geen informatie die tot personen te herleiden is.",
];

/// Lawful-basis sentences.
pub(crate) const LAW_OPENERS: &[&str] = &[
    "{De_org} gebruikt dit algoritme bij het uitvoeren van wettelijke taken.",
    "De taak waarbij het algoritme wordt gebruikt, is vastgelegd in de wet.",
    "Voor dit werk heeft {de_org} een wettelijke taak.",
];
pub(crate) const LAW_PERSONAL: &[&str] = &[
    "Voor het verwerken van persoonsgegevens is de grondslag artikel 6, lid 1, onder e van de AVG: de uitvoering van een taak van algemeen belang.",
    "Persoonsgegevens worden verwerkt omdat dat nodig is voor een wettelijke plicht of een taak van algemeen belang (artikel 6 AVG).",
];

/// Reasons for rejection (by an approver) and for retraction.
pub(crate) const REJECT_REASONS: &[&str] = &[
    "De beschrijving van de risico's is te algemeen. Beschrijf welke maatregelen er concreet zijn genomen.",
    "Bij Wettelijke basis ontbreekt een verwijzing naar het juiste wetsartikel.",
    "De korte omschrijving is niet in begrijpelijke taal (B1). Graag eenvoudiger formuleren.",
    "De link naar de DPIA werkt niet. Pas de link aan of haal hem weg.",
    "Er ontbreekt informatie over menselijke tussenkomst. Wie controleert de uitkomst?",
    "De publicatiecategorie lijkt niet te kloppen: dit algoritme heeft gevolgen voor inwoners. Graag opnieuw bekijken.",
    "De leverancier is niet goed ingevuld. Vul 'Intern ontwikkeld' in als het algoritme zelf is gebouwd.",
    "Er staat een persoonlijk e-mailadres bij de contactgegevens. Gebruik een algemeen adres.",
];
pub(crate) const RETRACT_REASONS: &[&str] = &[
    "De beschrijving bevatte onjuiste informatie over de gebruikte gegevens. Een verbeterde versie volgt.",
    "Het algoritme is stopgezet na een interne evaluatie.",
    "De beschrijving is dubbel gepubliceerd; de andere beschrijving blijft staan.",
    "Op verzoek van de functionaris gegevensbescherming tijdelijk ingetrokken, in afwachting van een nieuwe DPIA.",
    "Het project is beëindigd voordat het algoritme in gebruik is genomen.",
    "De leverancier heeft het product aangepast; de beschrijving klopt niet meer.",
];

pub(crate) const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
