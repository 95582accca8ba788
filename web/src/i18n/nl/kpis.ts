import type { KpiId, KpiText } from '../types.js';

const kpis: Record<KpiId, KpiText> = {
  contacts_created: {
    name: 'Aangemaakte contacten',
    definition: 'Contacten waarvan het aanmaakmoment in de periode valt.',
  },
  contacts_resolved: {
    name: 'Opgeloste contacten',
    definition:
      'Contacten waarvan de eerste oplossing (eerste wijziging naar opgelost of gesloten) in de periode valt. Een heropend en opnieuw opgelost contact telt één keer, in de periode van de eerste oplossing.',
  },
  contacts_resolved_full: {
    name: 'Opgeloste contacten (volledige oplossing)',
    definition:
      'Contacten waarvan de volledige oplossing (de laatste wijziging naar opgelost of gesloten, voor contacten die nu opgelost zijn) in de periode valt.',
  },
  backlog_open: {
    name: 'Openstaande achterstand',
    definition:
      'Een voorraad: contacten die aan het einde van elke periode openstaan, dus vóór het einde aangemaakt en dan nog niet opgelost. Een contact telt als opgelost vanaf zijn volledige (laatste) oplossing; een contact dat nu openstaat, blijft open; een contact gesloten zonder vastgelegde statuswijziging telt nooit als open.',
  },
  frt: {
    name: 'Eerste reactietijd',
    definition:
      'Van het eerste inkomende klantbericht (of het binnenkomen in de wachtrij van een gesprek of chat) tot het eerste openbare antwoord van een menselijke medewerker (of het aannemen van het gesprek of de chat). Bots, automatische antwoorden en interne notities stoppen de klok niet. Voor een contact dat een medewerker begon, gemeten vanaf het eerste klantbericht daarna. Contacten zonder antwoord blijven buiten beschouwing (zie frt_pending). Geplaatst in de periode van aanmaak; toegekend aan de medewerker die antwoordde.',
  },
  frt_pending: {
    name: 'Wacht op eerste reactie',
    definition:
      'Contacten met een inkomend klantbericht (of een gesprek of chat in de wachtrij dat niet is opgegeven) en nog geen menselijk antwoord. Geplaatst in de periode van aanmaak.',
  },
  frt_within_target: {
    name: 'Eerste reactie binnen doel',
    definition:
      'Beantwoorde contacten waarvan de eerste reactietijd hoogstens hun deadline voor de eerste reactie is (per kanaal, eventueel per team, in te stellen onder Instellingen → Drempels per contact; standaard chat 30 s, telefoon 20 s, e-mail, sociale media en webformulier 1 uur; gemeten in openingsuren, tenzij de deadline in kalenderuren is ingesteld) ÷ beantwoorde contacten met een deadline. Geplaatst in de periode van aanmaak; toegekend aan de medewerker die antwoordde. Geen KPI-doel: een KPI-doel voor deze indicator is een doel voor het aandeel.',
  },
  resolution_time: {
    name: 'Oplostijd',
    definition:
      'Van het aanmaken van het contact tot de eerste oplossing. Geplaatst in de periode van de eerste oplossing; toegekend aan de toegewezen medewerker.',
  },
  full_resolution_time: {
    name: 'Volledige oplostijd',
    definition:
      'Van het aanmaken van het contact tot de laatste oplossing, voor contacten die nu opgelost zijn (een heropend contact wordt opnieuw vanaf het aanmaken gemeten). Geplaatst in de periode van die oplossing.',
  },
  resolved_within_24h: {
    name: 'Opgelost binnen 24 uur',
    definition:
      'Opgeloste contacten waarvan de eerste oplossing hoogstens 24 uur na het aanmaken kwam ÷ opgeloste contacten. Standaard in kalenderuren; 24 openingsuren met --hours business. Geplaatst in de periode van de eerste oplossing.',
  },
  fcr_rate: {
    name: 'Oplossing bij eerste contact',
    definition:
      'Opgeloste contacten met precies één contactmoment (één openbaar antwoord van een medewerker, of één aangenomen gesprek of chat) en niet binnen 7 dagen heropend ÷ opgeloste contacten met minstens één contactmoment. Geplaatst in de periode van de eerste oplossing.',
  },
  reopen_rate: {
    name: 'Heropeningspercentage',
    definition:
      'Opgeloste contacten die later heropend zijn (een wijziging van opgelost of gesloten terug naar een open status) ÷ opgeloste contacten. Geplaatst in de periode van de eerste oplossing.',
  },
  escalation_rate: {
    name: 'Escalatiepercentage',
    definition:
      'Contacten die minstens één keer geëscaleerd zijn ÷ aangemaakte contacten. Groepeer op escalation_type om de soorten te zien (volgende lijn, functioneel, hiërarchisch, klacht; de eerste escalatie van een contact). Geplaatst in de periode van aanmaak.',
  },
  reassignment_rate: {
    name: 'Hertoewijzingspercentage',
    definition:
      'Toegewezen contacten die naar meer dan één medewerker of meer dan één groep (team) gingen ÷ contacten met minstens één toewijzing. Opnieuw toewijzen aan dezelfde medewerker en groep is geen hertoewijzing; de volgorde van de toewijzingen doet er niet toe. Geplaatst in de periode van aanmaak.',
  },
  aht: {
    name: 'Gemiddelde afhandeltijd',
    definition:
      'Afhandeltijd per afgehandeld contact: gesprekstijd plus wachtstand, van aannemen tot einde van elk gesprek of elke chat van het contact bij elkaar opgeteld; nawerk apart (acw_time). Geplaatst in de periode van aanmaak; toegekend aan de medewerker die als eerste aannam.',
  },
  acw_time: {
    name: 'Nawerktijd',
    definition: 'Nawerk per contact dat het vastlegde (acw_start tot acw_end, alle sessies opgeteld).',
  },
  offered: {
    name: 'Aangeboden',
    definition:
      'Contacten in de wachtrij (gesprekken, chats) die de wachtrij binnenkwamen, minus kort opgehangen (opgegeven binnen de drempel voor kort ophangen, standaard 5 s). Geplaatst in de periode van aanmaak.',
  },
  answered: {
    name: 'Beantwoord',
    definition: 'Contacten in de wachtrij die een medewerker aannam. Geplaatst in de periode van aanmaak.',
  },
  abandoned: {
    name: 'Opgehangen',
    definition:
      'Contacten in de wachtrij die het wachten opgaven, minus kort opgehangen. Geplaatst in de periode van aanmaak.',
  },
  abandonment_rate: {
    name: 'Ophangpercentage',
    definition:
      'Opgehangen ÷ aangeboden; korter wachten dan de drempel voor kort ophangen (standaard 5 s) telt in geen van beide mee. Geplaatst in de periode van aanmaak.',
  },
  asa: {
    name: 'Gemiddelde wachttijd tot antwoord',
    definition:
      'Gemiddelde wachttijd in de wachtrij van beantwoorde contacten, wachttijden van nul inbegrepen. Geplaatst in de periode van aanmaak; toegekend aan de medewerker die aannam.',
  },
  service_level: {
    name: 'Serviceniveau',
    definition:
      'Beantwoord binnen T ÷ (beantwoord + opgehangen na T); T is het serviceniveaudoel van het kanaal (standaard telefoon 20 s, chat 30 s). Ophangen binnen T telt niet mee. Geplaatst in de periode van aanmaak.',
  },
  source_sla_met_rate: {
    name: 'SLA gehaald (eigen markering van de bron)',
    definition:
      'Contacten die het bronsysteem zelf binnen zijn SLA rekent ÷ contacten die het hoe dan ook markeert (contacts.source_sla_met; Freshdesk: Resolution status). Het eigen cijfer van de bron, ter vergelijking met dat van servicemeter: de SLA-regels en openingstijden zijn die van de bron. Geplaatst in de periode van aanmaak.',
  },
  csat: {
    name: 'Klanttevredenheid (CSAT)',
    definition:
      'Beantwoorde CSAT-antwoorden in de bovenste categorie ÷ beantwoorde CSAT-antwoorden. Bovenste categorie = boven het midden van de schaal: 4–5 op 1–5, 3 op 1–3, 2 op 1–2. Overgeslagen enquêtes tellen niet. Geplaatst in de periode van het antwoord; toegekend aan de medewerker op het antwoord, anders de laatste medewerker die antwoordde voordat de enquête werd verstuurd.',
  },
  csat_avg: {
    name: 'Gemiddelde CSAT-score',
    definition:
      'Gemiddelde van beantwoorde CSAT-scores op een schaal van 1–5 (antwoorden op andere schalen worden lineair naar 1–5 omgerekend). Geplaatst in de periode van het antwoord.',
  },
  csat_response_rate: {
    name: 'CSAT-responspercentage',
    definition:
      'Beantwoorde CSAT-enquêtes ÷ verstuurde CSAT-enquêtes. Een enquête die servicemeter zelf afneemt telt één keer per uitnodiging, hoeveel vragen ze ook stelde. Geplaatst in de periode waarin de enquête werd verstuurd.',
  },
  csat_dimension: {
    name: 'Tevredenheid per serviceaspect',
    definition:
      'Beantwoorde CSAT-antwoorden over één serviceaspect (bijv. levering, factuur) in de bovenste categorie ÷ de beantwoorde; groepeer op survey_dimension om elk aspect te zien. Algemene antwoorden horen bij csat. Geplaatst in de periode van het antwoord.',
  },
  nps: {
    name: 'Net Promoter Score',
    definition:
      '%promotors (9–10) − %criticasters (0–6) onder beantwoorde NPS-antwoorden op 0–10, in punten van −100 tot 100. Overgeslagen antwoorden tellen niet mee in de noemer. Geplaatst in de periode van het antwoord.',
  },
  ces: {
    name: 'Klantinspanningsscore',
    definition:
      'Aandeel "makkelijk"-antwoorden onder beantwoorde CES-antwoorden: boven het midden van de schaal, 5–7 op 1–7 en 4–5 op 1–5. Geplaatst in de periode van het antwoord.',
  },
  ces_avg: {
    name: 'Gemiddelde CES-score',
    definition:
      'Gemiddelde van beantwoorde CES-scores op een schaal van 1–7 (antwoorden op andere schalen worden lineair naar 1–7 omgerekend). Geplaatst in de periode van het antwoord.',
  },
  survey_response_rate: {
    name: 'Responspercentage enquêtes',
    definition:
      'Beantwoorde uitnodigingen ÷ verstuurde uitnodigingen, van alle enquêtes en soorten. Een uitnodiging telt één keer, hoeveel vragen ze ook stelde; een geïmporteerde enquêterij is één uitnodiging. Beantwoord betekent elk antwoord, dus een uitnodiging die alleen met een opmerking is beantwoord telt als beantwoord. Openbare links, QR-codes en de widget versturen niets en tellen niet mee. Geplaatst in de periode waarin de uitnodiging werd verstuurd.',
  },
  self_service_helpful_rate: {
    name: 'Aandeel "dit hielp" (selfservice)',
    definition:
      'Beantwoorde vragen "Heeft dit geholpen?" (soort helpful, 0–1: nee, ja) met ja ÷ de beantwoorde; op een andere schaal is ja boven het midden (2 op 1–2). Overgeslagen vragen tellen niet. Geplaatst in de periode van het antwoord.',
  },
  likely_to_stay: {
    name: 'Blijft waarschijnlijk klant',
    definition:
      'Beantwoorde vragen "Hoe waarschijnlijk is het dat u klant blijft?" (soort stay, 1–5 van zeer onwaarschijnlijk tot zeer waarschijnlijk) met 4–5, waarschijnlijk of zeer waarschijnlijk, ÷ de beantwoorde; op een andere schaal boven het midden. Overgeslagen vragen tellen niet. Geplaatst in de periode van het antwoord.',
  },
  satisfaction_top2: {
    name: 'Algemene tevredenheid (bovenste twee)',
    definition:
      'Beantwoorde vragen naar de algemene tevredenheid (soort satisfaction, 1–5: helemaal niet, een beetje, redelijk, zeer, uiterst tevreden) met zeer of uiterst tevreden (4–5) ÷ de beantwoorde; op een andere schaal boven het midden. Overgeslagen vragen tellen niet. De verbetering van de tevredenheid is dit aandeel tegenover dezelfde periode een jaar eerder. Geplaatst in de periode van het antwoord.',
  },
  qa_score: {
    name: 'Interne kwaliteitsscore (IQS)',
    definition:
      'Gemiddelde beoordelingsscore. Een categorie scoort (gekozen − min) ÷ (max − min), niet van toepassing telt niet mee; een beoordeling scoort het gewogen gemiddelde van haar categorieën; een kritieke categorie onder haar drempel (standaard 50 %) maakt de beoordeling 0, of alleen haar groep als de scorekaart dat zegt. Zelfbeoordelingen en kalibratiebeoordelingen tellen niet mee. Geplaatst in de periode waarin de beoordeling werd ingediend; toegerekend aan de beoordeelde agent.',
  },
  qa_category_score: {
    name: 'Kwaliteitsscore per categorie',
    definition:
      'Gemiddelde categoriescore, (gekozen − min) ÷ (max − min), van de beoordeelde categorieën; niet van toepassing telt niet mee, en een gezakte kritieke categorie telt als beoordeeld (ze maakt de andere hier niet 0). Zelfbeoordelingen en kalibratiebeoordelingen tellen niet mee. Groepeer per categorie om elke te zien. Geplaatst in de periode waarin de beoordeling werd ingediend.',
  },
  qa_reviews: {
    name: 'Kwaliteitsbeoordelingen',
    definition:
      'Ingediende beoordelingen (zelfbeoordelingen en kalibratiebeoordelingen niet meegeteld). Geplaatst in de periode waarin de beoordeling werd ingediend; toegerekend aan de beoordeelde agent.',
  },
  qa_pass_rate: {
    name: 'Geslaagde beoordelingen',
    definition:
      'Gescoorde beoordelingen op of boven hun drempel (standaard 80 %) ÷ gescoorde beoordelingen. Zelfbeoordelingen en kalibratiebeoordelingen tellen niet mee. Geplaatst in de periode waarin de beoordeling werd ingediend.',
  },
  qa_critical_fail_rate: {
    name: 'Kritieke fouten',
    definition:
      'Beoordelingen met een kritieke categorie onder haar drempel ÷ beoordelingen. Zelfbeoordelingen en kalibratiebeoordelingen tellen niet mee. Geplaatst in de periode waarin de beoordeling werd ingediend.',
  },
  qa_dispute_rate: {
    name: 'Betwiste beoordelingen',
    definition:
      'Beoordelingen die de beoordeelde agent betwistte (ongeacht de uitkomst) ÷ beoordelingen. Zelfbeoordelingen en kalibratiebeoordelingen tellen niet mee. Geplaatst in de periode waarin de beoordeling werd ingediend.',
  },
  qa_coverage: {
    name: 'Beoordelingsdekking',
    definition:
      'Door een agent behandelde contacten met minstens één beoordeling (zelfbeoordelingen en kalibratie niet meegeteld) ÷ door een agent behandelde contacten. Geplaatst in de periode waarin het contact werd aangemaakt.',
  },
  qa_calibration_agreement: {
    name: 'Kalibratie-overeenstemming',
    definition:
      'Paren beoordelaars in een kalibratiesessie die een categorie van hetzelfde gesprek dezelfde waardering gaven (beide niet van toepassing telt als gelijk) ÷ zulke paren: procentuele overeenstemming. Sessies die nog open zijn tellen niet mee: hun beoordelingen zijn blind. Geplaatst in de periode waarin de laatste van de twee beoordelingen werd ingediend.',
  },
  qa_check_hit_rate: {
    name: 'Treffers automatische controles',
    definition:
      'Gecontroleerde contacten van een agent waarop een automatische controle trof (geen begroeting, een verboden zin, een trage reactie …) ÷ gecontroleerde contacten, per ingeschakelde controle; groepeer per controle om elke te zien. Geplaatst in de periode waarin het contact werd aangemaakt.',
  },
  availability: {
    name: 'Beschikbaarheid',
    definition:
      'Minuten binnen openingstijden waarin minstens zoveel agents beschikbaar waren voor een kanaal als erop ingeroosterd waren ÷ minuten binnen openingstijden met minstens één agent ingeroosterd op het kanaal, per team en kanaal. Een agent is beschikbaar voor een kanaal als hij ervoor is ingelogd, niet gepauzeerd is en erop is ingeroosterd (of niet ingeroosterd en alleen voor dat kanaal ingelogd). Minuten buiten de openingstijden van de teamkalender (feestdagen inbegrepen) en minuten zonder iemand ingeroosterd tellen niet mee. Geplaatst in de periode van het kwartier waarin de minuten vallen.',
  },
  adherence: {
    name: 'Roosterdiscipline',
    definition:
      'Ingeroosterde minuten doorgebracht in de ingeroosterde toestand ÷ ingeroosterde minuten: op een contactactiviteit (telefoon, chat, e-mail, social) en beschikbaar, of op een andere activiteit (pauze, training, overleg, ander werk, afwezigheid) en niet beschikbaar. Niet-ingeroosterde tijd telt niet mee. Geplaatst in de periode van het kwartier waarin de minuten vallen; toegerekend aan de agent.',
  },
  conformance: {
    name: 'Roosterconformiteit',
    definition:
      'Beschikbare minuten (ingelogd en niet gepauzeerd, ingeroosterd of niet) ÷ minuten ingeroosterd op contactactiviteiten: of de agents zoveel uren werkten als gepland, wanneer ook. Boven 100 % als ze langer beschikbaar waren dan ingeroosterd (dan zonder interval). Geplaatst in de periode van het kwartier waarin de minuten vallen; toegerekend aan de agent.',
  },
  occupancy: {
    name: 'Bezettingsgraad',
    definition:
      'Minuten bezig met contacten ÷ beschikbare minuten. Bezig is een gesprek of chat van aanname tot einde, nawerk, en een vaste tijd (de personeelsplanning-instelling writtenReplyMinutes, standaard 5) vóór elk openbaar antwoord op een e-mail-, social- of webformuliercontact. Gepauzeerde of uitgelogde tijd telt niet mee. Hoog noch laag is op zich goed: een hoge bezetting maakt wachtrijen lang en agents moe. Geplaatst in de periode van het kwartier waarin de minuten vallen; toegerekend aan de agent.',
  },
  utilisation: {
    name: 'Benutting',
    definition:
      'Ingeroosterde (betaalde) minuten bezig met contacten ÷ ingeroosterde minuten, pauzes, training, overleg en afwezigheid inbegrepen: hoeveel van de betaalde tijd naar contacten ging. Bezig zoals bij de bezettingsgraad; niet-ingeroosterde tijd telt niet mee. Geplaatst in de periode van het kwartier waarin de minuten vallen; toegerekend aan de agent.',
  },
  shrinkage: {
    name: 'Shrinkage',
    definition:
      'Ingeroosterde (betaalde) minuten niet beschikbaar voor contacten ÷ ingeroosterde minuten. De redenen: de ingeroosterde activiteit als die geen contactactiviteit is (pauze, training, overleg, ander werk, afwezigheid), ongeplande pauze (gepauzeerd terwijl ingeroosterd op contacten) en niet ingelogd (uitgelogd terwijl ingeroosterd op contacten). Gegroepeerd per reden is de n van elke reden haar minuten: het aandeel van een reden in de ingeroosterde tijd is haar n ÷ de n van het geheel. Niet-ingeroosterde tijd telt niet mee. Geplaatst in de periode van het kwartier waarin de minuten vallen; toegerekend aan de agent.',
  },
  late_starts: {
    name: 'Te late starts',
    definition:
      'Diensten waarin de agent pas meer dan de coulancetijd (de instelling graceMinutes, standaard 5) na het begin beschikbaar was voor het kanaal van de dienst, of helemaal niet ÷ diensten. Een dienst zijn de blokken van een agent, behalve afwezigheid, minder dan 60 minuten uit elkaar, beginnend bij het eerste blok op een contactactiviteit; beschikbaar vanaf 60 minuten vóór het begin telt als op tijd. Diensten waarvan begin plus coulancetijd nog moet komen tellen niet mee. Geplaatst in de periode van het begin van de dienst; toegerekend aan de agent.',
  },
  late_start_minutes: {
    name: 'Minuten te laat begonnen',
    definition:
      'Minuten van het begin van elke te late dienst tot de eerste beschikbaarheid van de agent voor het kanaal, opgeteld; diensten op tijd tellen 0, net als diensten die helemaal gemist zijn (die telt te late starts). Geplaatst in de periode van het begin van de dienst; toegerekend aan de agent.',
  },
  customers_new: {
    name: 'Nieuwe klanten',
    definition:
      'Klanten die in de periode voor het eerst gezien zijn: het moment uit de klantentabel, anders de eerste order of het eerste contact. Klanten die alleen uit orders bekend zijn tellen mee. Geplaatst in de periode van het eerste moment.',
  },
  customers_churned: {
    name: 'Vertrokken klanten',
    definition:
      'Klanten die in de periode verloren gingen: opgezegd (sluitmoment uit de klantentabel), of verlopen — geen betaalde order en geen contact gedurende de instelling churnAfterDays (standaard 365), geplaatst op de dag dat die tijd verstreek. Geplaatst in de periode van het vertrekmoment.',
  },
  clv: {
    name: 'Klantwaarde (CLV)',
    definition:
      'Historische klantwaarde van de klanten die in de periode voor het eerst gezien zijn: het gemiddelde van de marge op hun eigen betaalde orders tot nu (netto-omzet na terugbetalingen min de inkoopwaarde van wat gehouden is); een klant zonder betaalde orders telt als 0; een klant van wie geen enkele betaalde order een marge heeft, blijft buiten beschouwing. Bedragen in de rapportagevaluta, elk omgerekend tegen de laatste koers op of vóór de dag; nooit tegen 1,0. De cohortmethode en de waarde per afhandeling staan op de Business-pagina. 95%-t-interval.',
  },
  customers_active: {
    name: 'Actieve klanten',
    definition:
      'Klantmaanden in de periode: elke klant telt eenmaal per maand dat hij klant was. Over een kwartaal of jaar een som van maanden; lees het per maand. Een maandcijfer (maanden in UTC, geplaatst op de eerste dag 12:00 UTC): leeg, met een melding, per dag, week of uur.',
  },
  churn_rate: {
    name: 'Churnpercentage',
    definition:
      'Klanten die aan het begin van een maand klant waren en in die maand vertrokken ÷ klanten aan het begin van de maand. Nieuwe klanten van de maand tellen in geen van beide mee. Over een kwartaal of jaar het naar klanten gewogen gemiddelde maandpercentage. Een maandcijfer: leeg, met een melding, per dag, week of uur.',
  },
  retention_rate: {
    name: 'Retentiepercentage',
    definition:
      'Het cohort klanten aan het begin van een maand ÷ wie daarvan aan het eind nog klant was (niet opgezegd, niet verlopen), dus 1 − churn. Nieuwe klanten van de maand tellen niet mee. Over een kwartaal of jaar het naar klanten gewogen gemiddelde maandpercentage; de cohort-heatmap op de Business-pagina volgt elke startmaand. Een maandcijfer: leeg, met een melding, per dag, week of uur.',
  },
  returning_customers: {
    name: 'Terugkerende klanten',
    definition:
      'Klantmaanden met een betaalde order van een klant die vóór die maand al een betaalde order had. Over een kwartaal of jaar opgeteld. Een maandcijfer: leeg, met een melding, per dag, week of uur.',
  },
  escalations_per_1000_customers: {
    name: 'Escalaties per 1.000 klanten',
    definition:
      '1.000 × geëscaleerde contacten van klanten ÷ actieve klantmaanden, zodat een groeiend klantenbestand niet als slechtere service leest. Contacten van niet-klanten blijven buiten beschouwing. Een maandcijfer: leeg, met een melding, per dag, week of uur.',
  },
  conversion_after_contact: {
    name: 'Conversie na contact',
    definition:
      'Contacten van bekende klanten gevolgd door een betaalde order van dezelfde klant binnen de instelling conversionDays (standaard 7) na het contact ÷ contacten van bekende klanten. Contacten waarvan het venster eindigt na de nieuwste order of het nieuwste contact in de gegevens blijven buiten beschouwing: of ze converteren is nog niet bekend. De vergelijking met vergelijkbare klanten zonder contact, met methode en grenzen, staat op de Business-pagina. Geplaatst in de periode van het aanmaken van het contact; toegerekend aan de behandelaar.',
  },
  revenue_after_contact: {
    name: 'Omzet na contact',
    definition:
      'Netto-omzet (na terugbetalingen) van de betaalde orders die een klant binnen conversionDays na een contact plaatste, opgeteld over de contacten van de periode: een order na twee contacten telt voor elk. Contacten waarvan het venster eindigt na de nieuwste order of het nieuwste contact in de gegevens blijven buiten beschouwing: hun orders zijn nog niet bekend. In de rapportagevaluta. Geplaatst in de periode van het aanmaken van het contact; toegerekend aan de behandelaar.',
  },
  service_cost: {
    name: 'Servicekosten',
    definition:
      'Kostenregels van de service — lonen, toeslagen, werkgeverslasten, tools, uitbesteding, overhead, training — opgeteld; acquisitie- en retentie-uitgaven tellen niet mee. In de rapportagevaluta; een kostenregel wordt gelijk over de dagen van zijn periode verdeeld. Een periode zonder servicekostenregels is leeg: geen kostengegevens, geen 0 (alleen acquisitie- en retentie-uitgaven zijn geen servicekostengegevens).',
  },
  cost_per_contact: {
    name: 'Kosten per contact',
    definition:
      'Servicekosten ÷ behandelde contacten (in de periode aangemaakt met een antwoord van een agent). Over de dagen met kostengegevens (een dag met een deel van een servicekostenregel, welk team ook), zodat kosten voor een deel van de periode niet over het werk van de rest worden verdeeld. In de rapportagevaluta; geplaatst op de dag van het grootboek. Leeg zonder servicekostenregels in de periode en zonder behandelde contacten.',
  },
  cost_per_resolution: {
    name: 'Kosten per oplossing',
    definition:
      'Servicekosten ÷ contacten die in de periode voor het eerst opgelost zijn: wat een opgelost incident kost. Over de dagen met kostengegevens (een dag met een deel van een servicekostenregel, welk team ook), zodat kosten voor een deel van de periode niet over het werk van de rest worden verdeeld. In de rapportagevaluta. Leeg zonder servicekostenregels in de periode en zonder oplossingen.',
  },
  payroll_cost: {
    name: 'Loonkosten',
    definition:
      'Kostenregels van de categorieën lonen, toeslagen en werkgeverslasten, opgeteld. In de rapportagevaluta, gelijk verdeeld over de dagen van hun periode. Een periode zonder zulke regels is leeg: geen loongegevens, geen 0.',
  },
  service_cost_share: {
    name: 'Servicekosten als deel van de omzet',
    definition:
      'Servicekosten ÷ netto-omzet (na terugbetalingen) van de betaalde orders van de periode. Over de dagen met kostengegevens (een dag met een deel van een servicekostenregel, welk team ook), zodat kosten voor een deel van de periode niet over de omzet van de rest worden verdeeld. In de rapportagevaluta. Leeg zonder servicekostenregels in de periode en zonder omzet.',
  },
  revenue: {
    name: 'Omzet',
    definition:
      'Netto-omzet van de betaalde orders die in de periode geplaatst zijn: omzet min het terugbetaalde bedrag; geannuleerde en openstaande orders tellen niet mee. In de rapportagevaluta. Een periode zonder orders is leeg: geen ordergegevens, geen 0.',
  },
  gross_margin: {
    name: 'Brutomarge',
    definition:
      'Netto-omzet van de betaalde orders − hun inkoopwaarde (van wat niet geretourneerd is) − servicekosten. Orders zonder inkoopwaarde tellen met de instelling defaultMarginShare, anders zonder marge. Over de dagen met kostengegevens (een dag met een deel van een servicekostenregel, welk team ook). In de rapportagevaluta. Leeg zonder servicekostenregels in de periode: een marge zonder servicekosten zou beter lijken dan ze is.',
  },
  acquisition_spend: {
    name: 'Acquisitie-uitgaven',
    definition:
      'Kostenregels van de categorie acquisitie (klanten winnen), opgeteld; geen deel van de servicekosten. In de rapportagevaluta. Leeg zonder kostenregels in de periode; 0 als er kostenregels zijn maar geen voor acquisitie.',
  },
  retention_spend: {
    name: 'Retentie-uitgaven',
    definition:
      'Kostenregels van de categorie retentie (klanten behouden), opgeteld; geen deel van de servicekosten. In de rapportagevaluta. Leeg zonder kostenregels in de periode; 0 als er kostenregels zijn maar geen voor retentie.',
  },
  productivity: {
    name: 'Oplossingen per betaald uur',
    definition:
      'Contacten voor het eerst opgelost ÷ betaalde uren (uit de loonadministratie, gelijk verdeeld over de dagen van de loonperiode). Filter op agent om gelijk met gelijk te vergelijken. Leeg zonder betaalde uren in de periode.',
  },
  productivity_per_fte: {
    name: 'Oplossingen per fte-maand',
    definition:
      'Contacten voor het eerst opgelost ÷ fte-dagen van de agents in dienst (elke dag in dienst telt de fte van de agent, 1 als die ontbreekt) × 365/12: oplossingen per voltijdse agent per maand.',
  },
  employee_turnover: {
    name: 'Personeelsverloop',
    definition:
      'Vertrekkers (agents op hun laatste dag in dienst) ÷ gemiddeld aantal medewerkers in de periode, op jaarbasis: vertrekkers ÷ agentdagen in dienst × 365. Vrijwillig en onvrijwillig vertrek tellen beide. Geplaatst in de periode van de dag; toegerekend aan de agent.',
  },
  tenure: {
    name: 'Diensttijd',
    definition:
      'Gemiddelde diensttijd in jaren van de medewerkers, gewogen naar dagen in dienst in de periode. 95%-t-interval over agentdagen, die niet onafhankelijk zijn: lees het als richtlijn.',
  },
  training_days: {
    name: 'Trainingsdagen',
    definition:
      'Trainingsdagen van de agents (uren ÷ 8; een hele dag als er geen uren zijn), opgeteld. Geplaatst in de periode van de trainingsdag; toegerekend aan de agent.',
  },
  training_days_per_fte: {
    name: 'Trainingsdagen per fte',
    definition:
      'Trainingsdagen ÷ fte-dagen van de agents in dienst × 365: trainingsdagen per voltijdse agent per jaar. Toegerekend aan de agent.',
  },
  sentiment_score: {
    name: 'Klantsentiment',
    definition:
      'Gemiddelde toon van de teksten van klanten (enquêteopmerkingen, berichten, sociale berichten) die met een toon gelezen zijn, van −1 (negatief) tot 1 (positief): per tekst de kans op positief min die op negatief, volgens het toonmodel dat getraind is op de eigen enquêteopmerkingen van het team, anders volgens het lexicon van de taal. Teksten waarover de lezing onzeker is en teksten in andere talen tellen niet mee. Geplaatst in de periode waarin de tekst geschreven is; toegerekend aan de behandelaar van het contact (een enquêteopmerking: de medewerker aan wie het antwoord is toegerekend).',
  },
  negative_share: {
    name: 'Negatieve teksten',
    definition:
      'Teksten van klanten gelezen met een negatieve toon ÷ teksten gelezen met een toon (positief, neutraal of negatief); teksten waarover de lezing onzeker is tellen niet mee. Geplaatst in de periode waarin de tekst geschreven is.',
  },
  attribute_mentions: {
    name: 'Vermeldingen van merkkenmerken',
    definition:
      'Teksten van klanten waarvan de woorden een merkkenmerk uitdrukken (een van zijn woorden of synoniemen in de taal van de tekst, vergeleken na stamming), één keer geteld per kenmerk: een tekst die twee kenmerken uitdrukt telt voor elk. Groepeer op merkkenmerk om elk naast het gewenste imago te zien. Geplaatst in de periode waarin de tekst geschreven is.',
  },
};

export default kpis;
