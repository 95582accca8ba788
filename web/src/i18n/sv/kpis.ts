import type { KpiId, KpiText } from '../types.js';

const kpis: Record<KpiId, KpiText> = {
  contacts_created: {
    name: 'Skapade ärenden',
    definition: 'Ärenden vars skapandetid infaller under perioden.',
  },
  contacts_resolved: {
    name: 'Lösta ärenden',
    definition:
      'Ärenden vars första lösning (första ändringen till löst eller stängd) infaller under perioden. Ett ärende som öppnats igen och lösts på nytt räknas en gång, i perioden för den första lösningen.',
  },
  contacts_resolved_full: {
    name: 'Lösta ärenden (fullständig lösning)',
    definition:
      'Ärenden vars fullständiga lösning (den senaste ändringen till löst eller stängd, för ärenden som är lösta nu) infaller under perioden.',
  },
  backlog_open: {
    name: 'Öppen balans',
    definition:
      'Ett lager: ärenden som är öppna i slutet av varje period, det vill säga skapade före slutet och inte lösta då. Ett ärende räknas som löst från sin fullständiga (senaste) lösning; ett ärende som är öppet nu förblir öppet; ett ärende stängt utan registrerad statusändring räknas aldrig som öppet.',
  },
  frt: {
    name: 'Tid till första svar',
    definition:
      'Från kundens första inkommande meddelande (eller när samtalet eller chatten ställdes i kö) till det första offentliga svaret från en mänsklig handläggare (eller när samtalet eller chatten besvarades). Botar, autosvar och interna anteckningar stoppar inte klockan. För ett ärende som en handläggare startade mäts tiden från kundens första meddelande därefter. Ärenden utan svar ännu räknas inte (se frt_pending). Placeras i perioden då ärendet skapades; krediteras handläggaren som svarade.',
  },
  frt_pending: {
    name: 'Väntar på första svar',
    definition:
      'Ärenden med ett inkommande kundmeddelande (eller ett köat samtal eller en chatt som inte avbrutits) och inget mänskligt svar ännu. Placeras i perioden då ärendet skapades.',
  },
  frt_within_target: {
    name: 'Första svar inom mål',
    definition:
      'Besvarade ärenden vars tid till första svar är högst deras tidsgräns för första svar (per kanal, eventuellt per team, anges under Inställningar → Tröskelvärden per kontakt; standard chatt 30 s, telefon 20 s, e-post, sociala medier och webbformulär 1 timme; mätt i öppettid om inte tidsgränsen anges i kalendertimmar) ÷ besvarade ärenden som har en tidsgräns. Placeras i perioden då ärendet skapades; krediteras handläggaren som svarade. Inte ett KPI-mål: ett KPI-mål för denna indikator är ett mål för andelen.',
  },
  resolution_time: {
    name: 'Lösningstid',
    definition:
      'Från att ärendet skapades till dess första lösning. Placeras i perioden för den första lösningen; krediteras den tilldelade handläggaren.',
  },
  full_resolution_time: {
    name: 'Fullständig lösningstid',
    definition:
      'Från att ärendet skapades till dess senaste lösning, för ärenden som är lösta nu (ett ärende som öppnats igen mäts på nytt från skapandet). Placeras i perioden för den lösningen.',
  },
  resolved_within_24h: {
    name: 'Lösta inom 24 timmar',
    definition:
      'Lösta ärenden vars första lösning kom högst 24 timmar efter skapandet ÷ lösta ärenden. Kalendertid som standard; 24 timmar öppettid med --hours business. Placeras i perioden för den första lösningen.',
  },
  fcr_rate: {
    name: 'Lösta vid första kontakt',
    definition:
      'Lösta ärenden med exakt en kontakt (ett offentligt svar från en handläggare, eller ett besvarat samtal eller en besvarad chatt) och som inte öppnats igen inom 7 dagar ÷ lösta ärenden med minst en kontakt. Placeras i perioden för den första lösningen.',
  },
  reopen_rate: {
    name: 'Andel återöppnade',
    definition:
      'Lösta ärenden som senare öppnades igen (en ändring från löst eller stängd tillbaka till en öppen status) ÷ lösta ärenden. Placeras i perioden för den första lösningen.',
  },
  escalation_rate: {
    name: 'Andel eskalerade',
    definition:
      'Ärenden som eskalerats minst en gång ÷ skapade ärenden. Gruppera efter escalation_type för att se typerna (nästa nivå, funktionell, hierarkisk, klagomål; ärendets första eskalering). Placeras i perioden då ärendet skapades.',
  },
  reassignment_rate: {
    name: 'Andel omtilldelade',
    definition:
      'Tilldelade ärenden som gick till mer än en handläggare eller mer än en grupp (team) ÷ ärenden med minst en tilldelning. Att tilldela samma handläggare och grupp igen är ingen omtilldelning; tilldelningarnas ordning spelar ingen roll. Placeras i perioden då ärendet skapades.',
  },
  aht: {
    name: 'Genomsnittlig hanteringstid',
    definition:
      'Hanteringstid per hanterat ärende: samtalstid plus parkering, från svar till slut för varje samtal eller chatt i ärendet sammanlagt; efterarbete för sig (acw_time). Placeras i perioden då ärendet skapades; krediteras handläggaren som svarade först.',
  },
  acw_time: {
    name: 'Tid för efterarbete',
    definition:
      'Efterarbete per ärende som registrerade det (acw_start till acw_end, alla sessioner sammanlagda).',
  },
  offered: {
    name: 'Erbjudna',
    definition:
      'Köade ärenden (samtal, chattar) som kom in i kön, minus korta avbrott (avbrutna inom gränsen för kort avbrott, standard 5 s). Placeras i perioden då ärendet skapades.',
  },
  answered: {
    name: 'Besvarade',
    definition: 'Köade ärenden som besvarades av en handläggare. Placeras i perioden då ärendet skapades.',
  },
  abandoned: {
    name: 'Avbrutna',
    definition:
      'Köade ärenden som gav upp i kön, minus korta avbrott. Placeras i perioden då ärendet skapades.',
  },
  abandonment_rate: {
    name: 'Andel avbrutna',
    definition:
      'Avbrutna ÷ erbjudna; avbrott kortare än gränsen för kort avbrott (standard 5 s) räknas inte i någon av dem. Placeras i perioden då ärendet skapades.',
  },
  asa: {
    name: 'Genomsnittlig tid till svar',
    definition:
      'Genomsnittlig kötid för besvarade ärenden, väntetider på noll inräknade. Placeras i perioden då ärendet skapades; krediteras handläggaren som svarade.',
  },
  service_level: {
    name: 'Servicenivå',
    definition:
      'Besvarade inom T ÷ (besvarade + avbrutna efter T); T är kanalens mål för servicenivån (standard telefon 20 s, chatt 30 s). Avbrott inom T räknas inte. Placeras i perioden då ärendet skapades.',
  },
  source_sla_met_rate: {
    name: 'SLA uppfyllt (källans egen markering)',
    definition:
      'Ärenden som källsystemet självt räknar som inom sitt SLA ÷ ärenden det markerar åt något håll (contacts.source_sla_met; Freshdesk: Resolution status). Källans egen siffra, för jämförelse med servicemeters: SLA-reglerna och öppettiderna är källans egna. Placeras i perioden då ärendet skapades.',
  },
  csat: {
    name: 'Kundnöjdhet (CSAT)',
    definition:
      'Besvarade CSAT-svar i toppkategorin ÷ besvarade CSAT-svar. Toppkategori = över skalans mitt: 4–5 på 1–5, 3 på 1–3, 2 på 1–2. Överhoppade enkäter räknas inte. Placeras i perioden för svaret; krediteras handläggaren som anges på svaret, annars den senaste handläggaren som svarade innan enkäten skickades.',
  },
  csat_avg: {
    name: 'Genomsnittligt CSAT-betyg',
    definition:
      'Medelvärdet av besvarade CSAT-betyg på en skala 1–5 (svar på andra skalor räknas om linjärt till 1–5). Placeras i perioden för svaret.',
  },
  csat_response_rate: {
    name: 'Svarsfrekvens för CSAT',
    definition:
      'Besvarade CSAT-enkäter ÷ skickade CSAT-enkäter. En enkät som servicemeter själv samlar in räknas en gång per inbjudan, hur många frågor den än ställde. Placeras i perioden då enkäten skickades.',
  },
  csat_dimension: {
    name: 'Nöjdhet per serviceaspekt',
    definition:
      'Besvarade CSAT-svar om en serviceaspekt (t.ex. leverans, faktura) i toppkategorin ÷ de besvarade; gruppera efter survey_dimension för att se varje aspekt. Övergripande svar hör till csat. Placeras i perioden för svaret.',
  },
  nps: {
    name: 'Net Promoter Score',
    definition:
      '%ambassadörer (9–10) − %kritiker (0–6) bland besvarade NPS-svar på 0–10, i poäng från −100 till 100. Överhoppade svar räknas inte i nämnaren. Placeras i perioden för svaret.',
  },
  ces: {
    name: 'Kundansträngning (CES)',
    definition:
      'Andel "lätt"-svar bland besvarade CES-svar: över skalans mitt, 5–7 på 1–7 och 4–5 på 1–5. Placeras i perioden för svaret.',
  },
  ces_avg: {
    name: 'Genomsnittligt CES-betyg',
    definition:
      'Medelvärdet av besvarade CES-betyg på en skala 1–7 (svar på andra skalor räknas om linjärt till 1–7). Placeras i perioden för svaret.',
  },
  survey_response_rate: {
    name: 'Svarsfrekvens för enkäter',
    definition:
      'Besvarade inbjudningar ÷ skickade inbjudningar, för alla enkäter och slag. En inbjudan räknas en gång, hur många frågor den än ställde; en importerad enkätrad är en inbjudan. Besvarad betyder vilket svar som helst, så en inbjudan som bara besvarats med en kommentar räknas som besvarad. Offentliga länkar, QR-koder och widgeten skickar ingenting och räknas inte. Placeras i perioden då inbjudan skickades.',
  },
  self_service_helpful_rate: {
    name: 'Andel "det hjälpte" (självservice)',
    definition:
      'Besvarade frågor "Hjälpte detta?" (slag helpful, 0–1: nej, ja) med ja ÷ de besvarade; på en annan skala är ja över skalans mitt (2 på 1–2). Överhoppade frågor räknas inte. Placeras i perioden för svaret.',
  },
  likely_to_stay: {
    name: 'Stannar troligen kvar',
    definition:
      'Besvarade frågor "Hur troligt är det att du stannar kvar hos oss?" (slag stay, 1–5 från mycket osannolikt till mycket troligt) med 4–5, troligt eller mycket troligt, ÷ de besvarade; på en annan skala över dess mitt. Överhoppade frågor räknas inte. Placeras i perioden för svaret.',
  },
  satisfaction_top2: {
    name: 'Övergripande nöjdhet (två högsta)',
    definition:
      'Besvarade frågor om övergripande nöjdhet (slag satisfaction, 1–5: inte alls, lite, ganska, mycket, extremt nöjd) med mycket eller extremt nöjd (4–5) ÷ de besvarade; på en annan skala över dess mitt. Överhoppade frågor räknas inte. Förbättrad nöjdhet är denna andel jämfört med samma period ett år tidigare. Placeras i perioden för svaret.',
  },
  qa_score: {
    name: 'Intern kvalitetspoäng (IQS)',
    definition:
      'Genomsnittligt granskningsresultat. En kategori får (valt − min) ÷ (max − min), ej tillämplig räknas inte; en granskning får det viktade medelvärdet av sina kategorier; en kritisk kategori under sin gräns (50 % som standard) ger granskningen 0, eller bara dess grupp när bedömningsmallen säger så. Självgranskningar och kalibreringsgranskningar räknas inte. Placeras i perioden då granskningen lämnades; tillskrivs den granskade agenten.',
  },
  qa_category_score: {
    name: 'Kvalitetspoäng per kategori',
    definition:
      'Genomsnittlig kategoripoäng, (valt − min) ÷ (max − min), för bedömda kategorier; ej tillämplig räknas inte, och en underkänd kritisk kategori räknas som bedömd (den nollställer inte de andra här). Självgranskningar och kalibreringsgranskningar räknas inte. Gruppera per kategori för att se var och en. Placeras i perioden då granskningen lämnades.',
  },
  qa_reviews: {
    name: 'Kvalitetsgranskningar',
    definition:
      'Lämnade granskningar (självgranskningar och kalibreringsgranskningar ej inräknade). Placeras i perioden då granskningen lämnades; tillskrivs den granskade agenten.',
  },
  qa_pass_rate: {
    name: 'Godkända granskningar',
    definition:
      'Poängsatta granskningar på eller över sin gräns (80 % som standard) ÷ poängsatta granskningar. Självgranskningar och kalibreringsgranskningar räknas inte. Placeras i perioden då granskningen lämnades.',
  },
  qa_critical_fail_rate: {
    name: 'Kritiska fel',
    definition:
      'Granskningar med en kritisk kategori under sin gräns ÷ granskningar. Självgranskningar och kalibreringsgranskningar räknas inte. Placeras i perioden då granskningen lämnades.',
  },
  qa_dispute_rate: {
    name: 'Ifrågasatta granskningar',
    definition:
      'Granskningar som den granskade agenten ifrågasatte (oavsett utfall) ÷ granskningar. Självgranskningar och kalibreringsgranskningar räknas inte. Placeras i perioden då granskningen lämnades.',
  },
  qa_coverage: {
    name: 'Granskningstäckning',
    definition:
      'Kontakter hanterade av en agent med minst en granskning (självgranskningar och kalibrering ej inräknade) ÷ kontakter hanterade av en agent. Placeras i perioden då kontakten skapades.',
  },
  qa_calibration_agreement: {
    name: 'Kalibreringsöverensstämmelse',
    definition:
      'Par av granskare i en kalibreringssession som gav en kategori i samma samtal samma bedömning (båda ej tillämplig räknas som samma) ÷ sådana par: procentuell överensstämmelse. Sessioner som fortfarande är öppna räknas inte: deras granskningar är blinda. Placeras i perioden då den senare av de två granskningarna lämnades.',
  },
  qa_check_hit_rate: {
    name: 'Träffar i automatiska kontroller',
    definition:
      'Kontrollerade kontakter hanterade av en agent där en automatisk kontroll slog till (saknad hälsning, en förbjuden fras, ett långsamt svar …) ÷ kontrollerade kontakter, per aktiverad kontroll; gruppera per kontroll för att se var och en. Placeras i perioden då kontakten skapades.',
  },
  availability: {
    name: 'Tillgänglighet',
    definition:
      'Minuter inom öppettiderna då minst lika många agenter var tillgängliga för en kanal som var schemalagda på den ÷ minuter inom öppettiderna med minst en agent schemalagd på kanalen, per team och kanal. En agent är tillgänglig för en kanal när hen är inloggad för den, inte pausad och schemalagd på den (eller oschemalagd och inloggad för enbart den kanalen). Minuter utanför teamkalenderns öppettider (helgdagar inräknade) och minuter utan någon schemalagd räknas inte. Placeras i perioden för den kvart minuterna hör till.',
  },
  adherence: {
    name: 'Schemaföljsamhet',
    definition:
      'Schemalagda minuter i det schemalagda läget ÷ schemalagda minuter: på en kontaktaktivitet (telefon, chatt, e-post, sociala medier) och tillgänglig, eller på en annan aktivitet (rast, utbildning, möte, annat arbete, frånvaro) och inte tillgänglig. Oschemalagd tid räknas inte. Placeras i perioden för den kvart minuterna hör till; tillskrivs agenten.',
  },
  conformance: {
    name: 'Schemaöverensstämmelse',
    definition:
      'Tillgängliga minuter (inloggad och inte pausad, schemalagd eller inte) ÷ minuter schemalagda på kontaktaktiviteter: om agenterna arbetade så många timmar som planerat, när de än gjorde det. Över 100 % när de var tillgängliga längre än schemalagt (då utan intervall). Placeras i perioden för den kvart minuterna hör till; tillskrivs agenten.',
  },
  occupancy: {
    name: 'Beläggningsgrad',
    definition:
      'Minuter med kontakter ÷ tillgängliga minuter. Att hantera är ett samtal eller en chatt från svar till slut, efterarbete och en fast tid (inställningen writtenReplyMinutes, 5 som standard) före varje publikt svar på ett e-post-, socialt eller webbformulärsärende. Pausad eller utloggad tid räknas inte. Varken hög eller låg är bra i sig: hög beläggning ger långa köer och trötta agenter. Placeras i perioden för den kvart minuterna hör till; tillskrivs agenten.',
  },
  utilisation: {
    name: 'Utnyttjandegrad',
    definition:
      'Schemalagda (betalda) minuter med kontakter ÷ schemalagda minuter, raster, utbildning, möten och frånvaro inräknade: hur mycket av den betalda tiden som gick till kontakter. Hantering som för beläggningsgraden; oschemalagd tid räknas inte. Placeras i perioden för den kvart minuterna hör till; tillskrivs agenten.',
  },
  shrinkage: {
    name: 'Bortfall (shrinkage)',
    definition:
      'Schemalagda (betalda) minuter inte tillgängliga för kontakter ÷ schemalagda minuter. Orsakerna: den schemalagda aktiviteten när den inte är en kontaktaktivitet (rast, utbildning, möte, annat arbete, frånvaro), oplanerad paus (pausad medan schemalagd på kontakter) och inte inloggad (utloggad medan schemalagd på kontakter). Grupperat per orsak är varje orsaks n dess minuter: en orsaks andel av den schemalagda tiden är dess n ÷ helhetens n. Oschemalagd tid räknas inte. Placeras i perioden för den kvart minuterna hör till; tillskrivs agenten.',
  },
  late_starts: {
    name: 'Sena starter',
    definition:
      'Pass där agenten blev tillgänglig för passets kanal mer än karenstiden (inställningen graceMinutes, 5 som standard) efter passets start, eller inte alls ÷ pass. Ett pass är agentens block utom frånvaro med mindre än 60 minuter emellan, med start vid det första blocket på en kontaktaktivitet; tillgänglighet från 60 minuter före start räknas som i tid. Pass vars start plus karenstid ännu inte har kommit räknas inte. Placeras i perioden för passets start; tillskrivs agenten.',
  },
  late_start_minutes: {
    name: 'Minuter för sen start',
    definition:
      'Minuter från varje sent pass start till agentens första tillgänglighet för kanalen, summerade; pass i tid räknas som 0, liksom pass som missades helt (dem räknar sena starter). Placeras i perioden för passets start; tillskrivs agenten.',
  },
  customers_new: {
    name: 'Nya kunder',
    definition:
      'Kunder som sågs första gången under perioden: tidpunkten i kundtabellen, annars den tidigaste av första order och första kontakt. Kunder som bara är kända från order räknas också. Placeras i perioden för första tidpunkten.',
  },
  customers_churned: {
    name: 'Förlorade kunder',
    definition:
      'Kunder som förlorades under perioden: avslutade (avslutstiden i kundtabellen), eller förfallna — ingen betald order och ingen kontakt under inställningen churnAfterDays (365 som standard), placerade den dag tiden löpte ut. Placeras i perioden för bortfallet.',
  },
  clv: {
    name: 'Kundlivstidsvärde (CLV)',
    definition:
      'Historiskt livstidsvärde för kunderna som sågs första gången under perioden: medelvärdet av varje kunds marginal på sina egna betalda order hittills (nettointäkt efter återbetalningar minus varukostnaden för det som behölls); en kund utan betalda order räknas som 0; en kund vars betalda order alla saknar marginal utelämnas. Belopp i rapportvalutan, vart och ett omräknat till den senaste kursen på eller före dagen; aldrig till 1,0. Kohortmetoden och värdet per hantering finns på Business-sidan. 95 % t-intervall.',
  },
  customers_active: {
    name: 'Aktiva kunder',
    definition:
      'Kundmånader under perioden: varje kund räknas en gång per månad den var kund. Över ett kvartal eller år en summa av månader; läs den per månad. Ett månadstal (månader i UTC, placerade på första dagen kl. 12:00 UTC): tomt, med ett meddelande, per dag, vecka eller timme.',
  },
  churn_rate: {
    name: 'Kundbortfall',
    definition:
      'Kunder som fanns vid en månads början och försvann under den ÷ kunder vid månadens början. Nya kunder under månaden räknas inte i någon av dem. Över ett kvartal eller år det kundviktade medelvärdet av månadstalen. Ett månadstal: tomt, med ett meddelande, per dag, vecka eller timme.',
  },
  retention_rate: {
    name: 'Kundbehållning',
    definition:
      'Kohorten av kunder vid en månads början ÷ de av dem som fortfarande var kunder vid dess slut (inte avslutade, inte förfallna), alltså 1 − kundbortfall. Nya kunder under månaden räknas inte. Över ett kvartal eller år det kundviktade medelvärdet av månadstalen; kohortvärmekartan på Business-sidan följer varje startmånad. Ett månadstal: tomt, med ett meddelande, per dag, vecka eller timme.',
  },
  returning_customers: {
    name: 'Återkommande kunder',
    definition:
      'Kundmånader med en betald order från en kund som hade en betald order före den månaden. Summeras över ett kvartals eller års månader. Ett månadstal: tomt, med ett meddelande, per dag, vecka eller timme.',
  },
  escalations_per_1000_customers: {
    name: 'Eskaleringar per 1 000 kunder',
    definition:
      '1 000 × eskalerade kontakter från kunder ÷ aktiva kundmånader, så att en växande kundbas inte ser ut som sämre service. Kontakter från icke-kunder utelämnas. Ett månadstal: tomt, med ett meddelande, per dag, vecka eller timme.',
  },
  conversion_after_contact: {
    name: 'Konvertering efter kontakt',
    definition:
      'Kontakter från kända kunder som följdes av en betald order från samma kund inom inställningen conversionDays (7 som standard) efter kontakten ÷ kontakter från kända kunder. Kontakter vars fönster slutar efter den senaste ordern eller kontakten i data utelämnas: om de konverterar är ännu inte känt. Jämförelsen med liknande kunder utan kontakt, med metod och begränsningar, finns på Business-sidan. Placeras i perioden då kontakten skapades; tillskrivs handläggaren.',
  },
  revenue_after_contact: {
    name: 'Intäkt efter kontakt',
    definition:
      'Nettointäkt (efter återbetalningar) av de betalda order en kund lade inom conversionDays efter en kontakt, summerad över periodens kontakter: en order efter två kontakter räknas för båda. Kontakter vars fönster slutar efter den senaste ordern eller kontakten i data utelämnas: deras order är ännu inte kända. I rapportvalutan. Placeras i perioden då kontakten skapades; tillskrivs handläggaren.',
  },
  service_cost: {
    name: 'Servicekostnad',
    definition:
      'Servicens kostnadsrader — löner, tillägg, arbetsgivaravgifter, verktyg, outsourcing, overhead, utbildning — summerade; förvärvs- och behållningsutgifter ingår inte. I rapportvalutan; en kostnadsrad fördelas jämnt över dagarna i sin period. En period utan servicekostnadsrader är tom: inga kostnadsuppgifter, inte 0 (enbart förvärvs- och behållningsutgifter är inga servicekostnadsuppgifter).',
  },
  cost_per_contact: {
    name: 'Kostnad per kontakt',
    definition:
      'Servicekostnad ÷ hanterade kontakter (skapade under perioden med ett svar från en agent). Över de dagar som har kostnadsuppgifter (en dag med en andel av en servicekostnadsrad, oavsett team), så att kostnader för bara en del av perioden inte fördelas över resten av periodens arbete. I rapportvalutan. Tom utan servicekostnadsrader under perioden och utan hanterade kontakter.',
  },
  cost_per_resolution: {
    name: 'Kostnad per lösning',
    definition:
      'Servicekostnad ÷ kontakter som löstes första gången under perioden: vad ett löst ärende kostar. Över de dagar som har kostnadsuppgifter (en dag med en andel av en servicekostnadsrad, oavsett team), så att kostnader för bara en del av perioden inte fördelas över resten av periodens arbete. I rapportvalutan. Tom utan servicekostnadsrader under perioden och utan lösningar.',
  },
  payroll_cost: {
    name: 'Lönekostnad',
    definition:
      'Kostnadsrader i kategorierna löner, tillägg och arbetsgivaravgifter, summerade. I rapportvalutan, jämnt fördelade över dagarna i sin period. En period utan sådana rader är tom: ingen lönedata, inte 0.',
  },
  service_cost_share: {
    name: 'Servicekostnad som andel av intäkten',
    definition:
      'Servicekostnad ÷ nettointäkt (efter återbetalningar) av periodens betalda order. Över de dagar som har kostnadsuppgifter (en dag med en andel av en servicekostnadsrad, oavsett team), så att kostnader för bara en del av perioden inte ställs mot resten av periodens intäkt. I rapportvalutan. Tom utan servicekostnadsrader under perioden och utan intäkt.',
  },
  revenue: {
    name: 'Intäkt',
    definition:
      'Nettointäkt av de betalda order som lades under perioden: intäkt minus återbetalt belopp; avbrutna och väntande order ingår inte. I rapportvalutan. En period utan order är tom: ingen orderdata, inte 0.',
  },
  gross_margin: {
    name: 'Bruttomarginal',
    definition:
      'Nettointäkt av betalda order − deras varukostnad (för det som inte returnerades) − servicekostnad. Order utan varukostnad räknas med inställningen defaultMarginShare, annars utan marginal. Över de dagar som har kostnadsuppgifter (en dag med en andel av en servicekostnadsrad, oavsett team). I rapportvalutan. Tom utan servicekostnadsrader under perioden: en marginal utan servicekostnaden skulle se bättre ut än den är.',
  },
  acquisition_spend: {
    name: 'Förvärvsutgifter',
    definition:
      'Kostnadsrader i kategorin förvärv (vinna kunder), summerade; ingår inte i servicekostnaden. I rapportvalutan. Tom utan kostnadsrader under perioden; 0 när det finns kostnadsrader men inga för förvärv.',
  },
  retention_spend: {
    name: 'Behållningsutgifter',
    definition:
      'Kostnadsrader i kategorin behållning (behålla kunder), summerade; ingår inte i servicekostnaden. I rapportvalutan. Tom utan kostnadsrader under perioden; 0 när det finns kostnadsrader men inga för behållning.',
  },
  productivity: {
    name: 'Lösningar per betald timme',
    definition:
      'Kontakter som löstes första gången ÷ betalda timmar (från lönen, jämnt fördelade över löneperiodens dagar). Filtrera på agent för att jämföra lika med lika. Tom utan betalda timmar under perioden.',
  },
  productivity_per_fte: {
    name: 'Lösningar per heltidsmånad',
    definition:
      'Kontakter som löstes första gången ÷ heltidsdagar för anställda agenter (varje anställd dag räknar agentens tjänstgöringsgrad, 1 om den saknas) × 365/12: lösningar per heltidsagent och månad.',
  },
  employee_turnover: {
    name: 'Personalomsättning',
    definition:
      'Avgångar (agenter på sin sista anställda dag) ÷ genomsnittligt antal anställda under perioden, på årsbasis: avgångar ÷ anställda agentdagar × 365. Frivilliga och ofrivilliga avgångar räknas båda. Placeras i perioden för dagen; tillskrivs agenten.',
  },
  tenure: {
    name: 'Anställningstid',
    definition:
      'Genomsnittlig anställningstid i år för de anställda, viktad efter anställda dagar under perioden. 95 % t-intervall över agentdagar, som inte är oberoende: läs det som en vägledning.',
  },
  training_days: {
    name: 'Utbildningsdagar',
    definition:
      'Agenternas utbildningsdagar (timmar ÷ 8; en hel dag när timmar saknas), summerade. Placeras i perioden för utbildningsdagen; tillskrivs agenten.',
  },
  training_days_per_fte: {
    name: 'Utbildningsdagar per heltidstjänst',
    definition:
      'Utbildningsdagar ÷ heltidsdagar för anställda agenter × 365: utbildningsdagar per heltidsagent och år. Tillskrivs agenten.',
  },
  sentiment_score: {
    name: 'Kundernas ton',
    definition:
      'Medeltonen i kundernas texter (enkätkommentarer, meddelanden, sociala meddelanden) som lästs med en ton, från −1 (negativ) till 1 (positiv): per text sannolikheten för positiv minus den för negativ, enligt tonmodellen som tränats på teamets egna enkätkommentarer, annars enligt språkets lexikon. Texter som läsningen är osäker på och texter på andra språk räknas inte. Placeras i perioden då texten skrevs; tillskrivs kontaktens handläggare (en enkätkommentar: handläggaren som svaret tillskrivs).',
  },
  negative_share: {
    name: 'Negativa texter',
    definition:
      'Kundernas texter lästa med negativ ton ÷ texter lästa med en ton (positiv, neutral eller negativ); texter som läsningen är osäker på räknas inte. Placeras i perioden då texten skrevs.',
  },
  attribute_mentions: {
    name: 'Omnämnanden av varumärkesegenskaper',
    definition:
      'Kundernas texter vars ord uttrycker en varumärkesegenskap (ett av dess ord eller synonymer på textens språk, jämförda efter stamning), räknade en gång per egenskap: en text som uttrycker två egenskaper räknas för båda. Gruppera efter varumärkesegenskap för att se var och en bredvid den bild teamet vill ha. Placeras i perioden då texten skrevs.',
  },
};

export default kpis;
