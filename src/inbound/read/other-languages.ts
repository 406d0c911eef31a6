import { otherLanguagesInEnglish } from './dates.js';
import { replaceEach, type Replacements } from './patterns.js';

/**
 * The service's commands said in the other languages staff of UK public bodies write in, for a reply the
 * English rules found no command in: French, German, Spanish, Italian, Portuguese, Polish, Romanian, Welsh
 * and Scottish Gaelic, and Punjabi and Urdu written in Latin letters. Each is a request in the first person
 * or to us ("please delete all my data", "skip me this round"), never a word alone that could be about
 * something else.
 *
 * The text is compared without accents (ogonki, cedillas, umlauts dropped: "usuńcie" is "usuncie"), as
 * people often type it on an English keyboard. Refusals are read first ("we haven't met yet" is not
 * "we met"), and a reply that asks two different things is for a person (null is returned for it).
 *
 * Cost: the text is cut to OTHER_LANGUAGE_CHARS characters, then each intent's one pattern is tried once;
 * every pattern is a list of fixed phrases (checked by recheck in the ReDoS test).
 */
// Named here, not taken from intent.ts, which reads this module: intent.ts's Intent holds each of them (the
// compiler checks it where the reading is returned).
export type ForeignIntent = 'stop' | 'decline' | 'pause' | 'skip' | 'delete' | 'my_data' | 'not_yet' | 'cant_make_it' | 'met' | 'not_met' | 'quiet' | 'resume' | 'help';

export const OTHER_LANGUAGE_CHARS = 3000;

/** Lower case, accents dropped, "ł" as "l" and "ß" as "ss", apostrophes straight. */
export function withoutAccents(text: string): string {
  return text
    .slice(0, OTHER_LANGUAGE_CHARS)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[’‘`]/g, "'");
}

// Each pattern is a list of phrases, one language to a line.
const STOP =
  /\b(?:desinscri(?:vez|re|s)[- ]moi|me desinscrire|retirez[- ]moi de (?:la|votre) liste|je (?:souhaite|veux|voudrais) (?:quitter|arreter|me retirer)|(?:ne plus|arretez de m'envoyer) (?:recevoir )?(?:vos |ces |de )?(?:e-?mails|messages|courriels)|melden sie mich (?:bitte )?(?:vom programm |aus dem programm )?ab|(?:ich )?mochte mich abmelden|nehmen sie mich (?:bitte )?(?:aus dem programm|aus der liste|von der liste)|ich mochte (?:nicht mehr teilnehmen|austreten|aussteigen)|keine (?:weiteren )?e-?mails mehr|(?:darme|dadme|denme|deme) de baja|quiero (?:darme de baja|salir del programa|dejar el programa)|(?:quitadme|quitenme|sacadme|saquenme|borradme|borrenme) de (?:la|vuestra|su) lista|no quiero recibir mas|(?:cancellatemi|toglietemi|rimuovetemi) dalla lista|(?:voglio|vorrei) (?:disiscrivermi|uscire dal programma|essere rimoss[oa])|non voglio piu (?:partecipare|ricevere)|(?:quero|gostaria de) (?:sair do programa|cancelar a (?:minha )?inscricao|deixar o programa)|(?:retirem|tirem|removam)[- ]me da lista|nao quero (?:mais )?(?:participar|receber)|wypisz(?:cie)? mnie|(?:prosze )?o wypisanie(?: mnie)?|na scriobh chugam (?:aris|a thuilleadh)|bain (?:de )?(?:an liosta )?me|usun(?:cie)? mnie z (?:listy|programu)|chce sie wypisac|rezygnuje z (?:udzialu|programu)|nie chce juz (?:brac udzialu|uczestniczyc|otrzymywac)|(?:scoateti|stergeti)[- ]ma de pe lista|vreau sa ma dezabonez|nu mai doresc sa (?:particip|primesc)|renunt la (?:program|participare)|(?:mujhe|mainu|menu) (?:list|lisht) (?:se|ton|to) (?:hata|kadh|kad)(?:o|do|dein|deo|dena)?)\b/;

const DECLINE =
  /\b(?:ce n'est pas pour moi|je (?:ne vais pas|ne souhaite pas|ne veux pas|prefere ne pas) participer|nichts fur mich|ich mochte nicht teilnehmen|kein interesse|no es para mi|no me interesa|(?:prefiero no|no voy a) participar|non fa per me|non mi interessa|preferisco non partecipare|nao e para mim|nao tenho interesse|prefiro nao participar|to nie dla mnie|nie jestem zainteresowan[ya]|nie wezme udzialu|wole nie brac udzialu|nu este pentru mine|nu sunt interesat[a]?|nu voi participa|prefer sa nu particip|cha ghabh mi pairt|nil (?:se )?(?:seo )?(?:oiriunach )?dom|ni domsa (?:e )?seo|chan ann dhomhsa|chan eil ud?idh agam)\b/;

const DELETE =
  /\b(?:(?:supprimez|effacez|supprimer|effacer) (?:toutes )?mes (?:donnees|informations)|(?:loschen sie|bitte loschen) (?:alle )?meine daten|meine daten (?:bitte )?loschen|(?:borrad|borren|borrar|eliminad|eliminen|eliminar) (?:todos )?mis datos|(?:cancellate|eliminate|cancellare|eliminare) (?:tutti )?i miei dati|(?:apaguem|apagar|eliminem|eliminar) (?:todos )?os meus dados|usun(?:cie|ac)? (?:wszystkie )?moje dane|(?:stergeti|sa stergeti|sa-mi stergeti) (?:toate )?datele(?: mele)?|dilewch (?:fy )?(?:nata|data|manylion)|(?:mera|mainu|mera sara) data (?:delete|mita)|sguabaibh as (?:an )?fhiosrachadh agam)\b/;

const MY_DATA =
  /\b(?:quelles (?:donnees|informations)(?: personnelles)? (?:vous )?(?:avez|detenez|conservez)|(?:une )?copie de (?:toutes )?mes donnees|welche (?:daten|informationen) (?:sie )?(?:uber mich )?(?:gespeichert|speichern|haben)|(?:eine )?kopie (?:aller )?meiner daten|auskunft uber meine daten|que datos(?: personales)? (?:tienen|guardan)|(?:una )?copia de (?:todos )?mis datos|quali dati(?: personali)? (?:avete|conservate)|(?:una )?copia dei miei dati|que dados(?: pessoais)? (?:tem|guardam|teem)|(?:uma )?copia (?:de tudo o que (?:tem|teem)|dos meus dados)|jakie (?:moje )?dane(?: osobowe)? (?:przechowujecie|macie|przechowuja panstwo)|kopie moich danych|ce date(?: personale)? (?:aveti|detineti|pastrati)|o copie a datelor mele|pa fanylion sydd gennych amdanaf)\b/;

const SKIP =
  /\b(?:pas (?:ce mois-ci|cette fois(?:-ci)?|ce tour-ci)|je passe mon tour|sauter ce tour|diesmal nicht|diese runde (?:aussetzen|auslassen|uberspringen)|setze (?:diese runde|diesmal) aus|esta vez no|(?:saltadme|saltenme|saltarme)(?: esta ronda)?|paso (?:de )?esta ronda|este mes no|questa volta no|salto questo (?:giro|turno|mese)|saltare questo (?:giro|turno|mese)|questo mese no|desta vez nao|(?:saltar|pular|saltem|pulem)(?:-me)? (?:esta|nesta) (?:ronda|rodada)|este mes nao|tym razem nie|pomin(?:cie)? mnie(?: w tej (?:rundzie|turze))?|w tym miesiacu nie|de data (?:asta|aceasta) nu|sariti[- ]ma(?: runda asta)?|sar peste runda (?:asta|aceasta)|luna (?:asta|aceasta) nu|chan ann an turas seo|is vaari nahi|is baar nahi)\b/;

const PAUSE =
  /\b(?:mettre (?:ma participation )?en pause|mettez[- ]moi en pause|me mettre en pause|suspendre ma participation|(?:pausieren|pause einlegen|eine pause machen)|(?:ponerme|ponedme|pongame|ponganme) en pausa|pausar mi participacion|(?:mettermi|mettetemi|mettere) in pausa|sospendere la (?:mia )?partecipazione|(?:colocar|por|ponham|coloquem)[- ]?me em pausa|suspender a (?:minha )?participacao|wstrzymac moj udzial|wstrzymac (?:mnie|udzial)|zawiesic (?:moj )?udzial|(?:sa ma puneti|puneti[- ]ma) pe pauza|(?:sa )?(?:suspendati|suspend) participarea|cuir (?:mi )?(?:air )?stad)\b/;

const QUIET =
  /\b(?:(?:plus de|moins de|pas de) rappels|keine erinnerungen(?: mehr)?|sin (?:mas )?recordatorios|(?:niente|basta) promemoria|sem (?:mais )?lembretes|bez przypomnien|fara (?:mementouri|remindere))\b/;

const RESUME =
  /\b(?:reprendre (?:ma participation|les rencontres)|je (?:veux|souhaite|voudrais) revenir|wieder (?:teilnehmen|mitmachen|dabei sein)|volver a participar|quiero volver|riprendere (?:a partecipare|la partecipazione)|voltar a participar|wznowic (?:moj )?udzial|chce wrocic|(?:sa )?reiau participarea|vreau sa revin)\b/;

const NOT_MET =
  /\b(?:nous ne nous sommes pas (?:encore )?(?:rencontres|parle|vus)|on ne s'est pas (?:encore )?(?:vus|parle|rencontres)|wir haben uns (?:noch )?nicht (?:getroffen|gesprochen)|no nos (?:hemos )?(?:reunido|visto|encontrado)|no hemos hablado|non ci siamo (?:ancora )?(?:sentiti|visti|incontrati)|nao nos (?:encontramos|vimos)|nao falamos|nie spotkalismy sie|nie rozmawialismy|nu ne-am (?:intalnit|vazut)|nu am vorbit|cha do (?:choinnich|bhruidhinn) sinn|nior bhuaileamar le cheile|(?:ni|nior) labhraiomar)\b/;

const MET =
  /\b(?:on s'est (?:vus|parle|rencontres)|nous nous sommes (?:rencontres|parle|vus)|wir haben uns (?:getroffen|gesprochen|unterhalten)|nos (?:reunimos|vimos)|ya hablamos|hemos hablado|ci siamo (?:sentiti|visti|incontrati)|(?:encontramo|falamo)-nos|ja falamos|spotkalismy sie|rozmawialismy|ne-am (?:intalnit|vazut)|am vorbit|choinnich sinn|bhruidhinn sinn|bhuaileamar le cheile|labhraiomar)\b/;

const NOT_YET =
  /\b(?:pas encore|noch nicht|todavia no|aun no|non ancora|ancora no|ainda nao|jeszcze nie|inca nu|nu inca|chan eil fhathast|(?:dim|ddim) eto|heb (?:drefnu|gytuno|ffeindio) (?:amser|dyddiad)|(?:hale|haje|abhi|abhi tak) (?:tak )?(?:time )?(?:fix )?nahi)\b/;

const CANT_MAKE_IT =
  /\b(?:je ne pourrai pas (?:venir|participer|me liberer|le faire|assister|rencontrer)|je dois annuler|ich kann (?:leider )?nicht (?:teilnehmen|kommen)|muss (?:ich )?(?:leider )?absagen|schaffe es (?:leider )?nicht|no podre (?:asistir|reunirme|hacerlo|quedar)|tengo que cancelar|non potro (?:partecipare|esserci|incontrar)|devo (?:annullare|disdire)|nao vou poder|nao poderei|tenho (?:de|que) cancelar|nie dam rady|nie bede (?:mogl|mogla)|musze odwolac|nu voi putea|trebuie sa anulez|cha bhi e comasach dhomh|chan urrainn dhomh coinneachadh|je ne vais pas pouvoir|je n'y arriverai pas|(?:je suis )?en arret maladie|no voy a poder|(?:estoy|estare) de baja|non riusciro|non ce la faccio|sono in malattia|(?:ich )?werde es (?:leider )?nicht schaffen|bin (?:leider )?krankgeschrieben|nao vou conseguir|nao consigo (?:ir|participar|este mes)|(?:estou|estarei|fico) de baixa|jestem na zwolnieniu|nu voi reusi|sunt in concediu medical|fydda i ddim yn gallu|(?:dw i |rydw i )?(?:ddim yn gallu|methu) (?:cyfarfod|dod|gwneud|cwrdd)|(?<![^\n])methu(?=[\s,.!;-]|$)(?! aros)|(?:meeting|mulaqat|baat) nahi ho (?:sake?gi|sakti|paye?gi|pae?gi)|(?:main|mai|mein) nahi (?:aa|a) (?:sakti|sakta|sakun|paungi|paunga)|cha (?:bhi|bhith) mi comasach)\b/;

// A time proposed as a question, not yet agreed: "Seriez-vous disponible mardi 10 à 11h ?", "Hätten Sie
// Donnerstag Zeit?", "Czy pasuje Panu wtorek?": still finding a time.
const PROPOSES =
  /\b(?:seriez-vous disponible|etes-vous disponible|serais-tu disponible|es-tu disponible|(?:ca|cela) vous (?:irait|conviendrait|convient)|vous conviendrait|(?:hatten|haben) sie (?:[a-z0-9]+ ){0,4}zeit|hast du (?:[a-z0-9]+ ){0,4}zeit|passt (?:es )?(?:ihnen|dir)|ginge (?:es )?(?:bei )?(?:ihnen|dir)|(?:le|te) (?:vendria|viene|iria) bien|estaria(?:s)? disponible|tendria(?:s)? tiempo|que (?:le|te) parece|sarebbe disponibile|saresti disponibile|(?:le|ti) andrebbe|che ne (?:dice|dici)|estaria(?:s)? disponivel|(?:lhe|te) daria jeito|(?:lhe|te) convem|czy (?:pasuje|pasowalby|pasowalaby|odpowiada)|czy (?:pan|pani) (?:ma|mialby|mialaby) czas|czy masz czas|ati fi disponibil|ai fi disponibil|(?:v|ti)-ar conveni|va convine|fyddech chi(?:'n)? ar gael|fyddet ti(?:'n)? ar gael|fyddai (?:hynny|dydd [a-z]+)[^?]{0,30} yn (?:gyfleus|iawn|gweithio)|wyt ti'?n rhydd|ydych chi'?n rhydd)\b/;

// Times offered in a statement, not yet agreed: "Je vous propose jeudi 12 à 14h30, ou bien vendredi",
// "Ich schlage Dienstag vor": still finding a time.
const OFFERS =
  /\b(?:je (?:vous|te) propose|je propose|(?:ich )?schlage (?:ihnen |dir )?[a-z0-9 ]{0,30}vor|(?:le|te|os|les) propongo|(?:le|ti|vi) propongo|(?:lhe|te|vos) proponho|proponuje|propun|(?:gallwn i|gallwn ni) (?:wneud|gwneud|gynnig)|dyma (?:ddau|rai) (?:amser|ddyddiad))\b/;

const HELP = /^(?:aide|hilfe|ayuda|aiuto|ajuda|pomocy?|ajutor|cymorth|help)[\s.!?]*$/;

const MEETING: ReadonlySet<string> = new Set(['introduction', 'nudge', 'follow-up']);

/**
 * The command in other-language words, or null: `asked` is the mail they answer (invitation, welcome,
 * introduction, nudge, follow-up, reminder, or null). Declining is only to an invitation; the answers about a
 * meeting only to the mails about one.
 */
export function otherLanguageCommand(text: string, asked: string | null): ForeignIntent | null {
  const t = withoutAccents(text);
  const meeting = asked !== null && MEETING.has(asked);
  const found = new Set<ForeignIntent>();
  if (HELP.test(t.trim())) return 'help';
  if (DELETE.test(t)) found.add('delete');
  else if (STOP.test(t)) found.add(asked === 'invitation' ? 'decline' : 'stop');
  if (asked === 'invitation' && DECLINE.test(t)) found.add('decline');
  if (MY_DATA.test(t)) found.add('my_data');
  if (PAUSE.test(t)) found.add('pause');
  else if (SKIP.test(t) && asked !== 'invitation') found.add('skip');
  if (QUIET.test(t)) found.add('quiet');
  if (RESUME.test(t) && asked !== 'invitation') found.add('resume');
  if (meeting) {
    if (CANT_MAKE_IT.test(t)) found.add('cant_make_it');
    else if (NOT_MET.test(t)) found.add(asked === 'follow-up' ? 'not_met' : 'not_yet');
    else if (NOT_YET.test(t)) found.add(asked === 'follow-up' ? 'not_met' : 'not_yet');
    else if (asked === 'follow-up' && MET.test(t)) found.add('met');
    else if (asked !== 'follow-up' && ((t.includes('?') && PROPOSES.test(t)) || (OFFERS.test(t) && !ACCEPTS.test(t)))) found.add('not_yet');
  }
  // Data asked for before deciding ("what do you hold? … then delete it"): two things, for a person.
  return found.size === 1 ? [...found][0]! : null;
}

/**
 * Words of a change asked for in another language ("yn lle", "na àite": instead; "newydd", "ùr", "nowy",
 * "nouveau": new; "newid", "atharraich", "zmienić": change; "use … instead"): beside details, an update.
 */
export function asksAChange(text: string): boolean {
  return CHANGE_WORDS.test(withoutAccents(text));
}
const CHANGE_WORDS =
  /\b(?:yn lle|yn ei le|newydd|newid(?:iwch)?|defnyddiwch|na (?:h-)?aite|(?:aireamh|fon|seoladh|post-d) ur|atharraich(?:ibh)?|cleachd(?:adh|aibh)|nowy|nowa|nowe|zmien\w*|zamiast|nouveau|nouvelle|au lieu|changer|neue[rn]?|statt|andern|nuevo|nueva|en lugar|en vez|cambiar|nuovo|nuova|invece|novo|nova|em vez|nou|noua|in loc|nua|in ionad|athraigh)\b/;

/** Whether other-language words name a time ("jusqu'à", "bis", "na sześć tygodni", a number). */
export function namesATime(text: string): boolean {
  return TIME_WORDS.test(withoutAccents(text));
}
const TIME_WORDS =
  /\d|\b(?:jusqu|pendant|semaines?|bis|wochen?|monate?|hasta|durante|semanas?|meses|fino|settimane|mesi|ate|do konca|przez|tygodni(?:e|a)?|miesiac\w*|pana|pentru|saptamani|luni|tan|wythnos|mis|gu|seachdain|mios)\b/;

/**
 * A time accepted in another language, to a mail about a meeting: "Martedì 10 alle 12:30 va benissimo",
 * "Mardi 10 à 14h30, ça me va", "Dienstag um 10 Uhr passt mir". The sentence that accepts, with its
 * weekdays, months and "at" put in English for the booking reader; null when no sentence accepts a time.
 * Only a statement: a time still asked about ("ça vous va ?") is not agreed. Cost: at most
 * ACCEPT_SENTENCES sentences of the bounded text, each translated by a fixed list of words.
 */
export function acceptedTimeInEnglish(text: string): string | null {
  // ("Donnerstag, den 19. November": the ordinal's dot does not end the sentence.)
  const t = withoutAccents(text).replace(/\b(\d{1,2})\. (?=[a-z])/g, '$1 ');
  for (const sentence of t.split(/(?<=[.!;?])\s+|\n+/).slice(0, ACCEPT_SENTENCES)) {
    if (sentence.includes('?') || !ACCEPTS.test(sentence) || !/\d/.test(sentence)) continue;
    return otherLanguagesInEnglish(replaceEach(sentence, TIME_WORDS_IN_ENGLISH));
  }
  return null;
}
const ACCEPT_SENTENCES = 12;
const ACCEPTS =
  /\b(?:yn berffaith|yn iawn (?:i mi|gen i|gyda fi)|yn siwtio|yn gweithio(?: i mi)?|wedi (?:trefnu|cytuno|bwcio)|(?:einen )?termin (?:gefunden|vereinbart|ausgemacht)|(?:sind|haben uns) (?:fur|auf) [^.!?\n]{0,30}(?:verabredet|geeinigt)|abgemacht|(?:nous avons|on a) (?:fixe|convenu|trouve|cale|prevu)|c'est cale|rendez-vous (?:fixe|pris|confirme)|hemos quedado|quedamos (?:el|para)|ya tenemos (?:fecha|hora|cita)|abbiamo fissato|(?:combinamos|marcamos)|ficou marcado|umowilismy sie|jestesmy umowieni|am stabilit|ne-am programat|va (?:benissimo|bene|benone)|(?:mi )?sta bene|perfetto|ci sto|ca me va|ca (?:me )?convient|parfait|c'est note|(?:das )?passt(?: mir| gut| perfekt)?|einverstanden|(?:me )?va (?:bien|perfecto)|perfecto|de acuerdo|me viene bien|pasuje|swietnie|zgoda|(?:da,? )?imi convine|perfect|serve(?:-me)?|perfeito|combinado|fica (?:combinado|marcado))\b/;
const TIME_WORDS_IN_ENGLISH: Replacements = [
  [/\b(?:lunedi|lundi|montag|lunes|segunda(?:-feira)?|poniedzialek|poniedzialku)\b/g, 'monday'],
  [/\b(?:martedi|mardi|dienstag|martes|terca(?:-feira)?|wtorek|marti)\b/g, 'tuesday'],
  [/\b(?:mercoledi|mercredi|mittwoch|miercoles|quarta(?:-feira)?|sroda|srode|miercuri)\b/g, 'wednesday'],
  [/\b(?:giovedi|jeudi|donnerstag|jueves|quinta(?:-feira)?|czwartek|joi)\b/g, 'thursday'],
  [/\b(?:venerdi|vendredi|freitag|viernes|sexta(?:-feira)?|piatek|vineri)\b/g, 'friday'],
  // "martedì 10" is "tuesday 10th": a bare number after a weekday is the day, not the hour.
  [/\b(monday|tuesday|wednesday|thursday|friday) (\d{1,2})\b(?![.:h]\d)(?! ?(?:uhr|h\b))/g, '$1 $2th'],
  [/\b(\d{1,2})h(\d{2})?\b/g, (_m, h, m) => `${h}:${m ?? '00'}`],
  [/\b(?:alle|alle ore|a las|a la|um|as|o godz\.?|o godzinie|la ora|a)\s+(?=\d)/g, 'at '],
  [/\b(?:uhr|ore)\b/g, ''],
  // "Donnerstag, den 19 November": the day before its month.
  [/\bden (?=\d)/g, ''],
];
