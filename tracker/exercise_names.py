"""Exercise names as people write them: which exercise, or at least which muscles, a name means.

Importing a Strong, Hevy or FitNotes history must never be blocked by a name. ``read_name``
reads any name in four steps, each less certain than the one before:

1. **alias**: ``catalogue.match_name`` knows the name exactly.
2. **matched**: the name is a catalogue exercise written another way. The name is turned into
   canonical English words (translations of German, Portuguese, Spanish, French, Italian, Dutch,
   Chinese and a little Japanese; abbreviations; typos; compounds) and compared with the
   catalogue's names *as a set of words*, so word order does not matter. Words that do not change
   the muscles worked (pause, tempo, grip, stance, laterality, seated/standing...) are dropped one
   by one, fewest first, so the most specific entry that exists wins. When the named equipment
   has no entry, the closest variant of the same movement is taken (``stand_in``).
3. **inferred**: no catalogue entry, but the small grammar of movement words at the end of this
   module (``_RULES``) recognises the movement and gives its muscles: "Preacher Hammer Curl" is a
   curl with the forearms helping, a "Leg Curl" works the hamstrings, a "Wrist Curl" the forearms.
   Cardio, sport and mobility words give kind "cardio" (no muscles); holds give kind "timed".
4. **unassigned**: nothing recognisable. No muscles are guessed from letter similarity: a wrong
   muscle group is worse than none (the model leaves the exercise out and the user is asked).

Pure: imports only the catalogue and the muscle groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Literal

from tracker.catalogue import (
    CATALOGUE,
    EQUIPMENT,
    EXERCISE_KINDS,
    CatalogueExercise,
    match_name,
    normalise_name,
)
from tracker.physiology.muscles import MUSCLE_KEYS

How = Literal["alias", "matched", "inferred", "unassigned"]


@dataclass(frozen=True)
class NameReading:
    """What an exercise name means to Regain."""

    name: str  # the name as given (stripped)
    how: How
    exercise: CatalogueExercise | None  # the catalogue exercise for "alias" and "matched"
    kind: str  # one of catalogue.EXERCISE_KINDS
    equipment: str  # one of catalogue.EQUIPMENT
    primary: tuple[str, ...]  # muscle-group keys; () for cardio and for "unassigned"
    secondary: tuple[str, ...]
    reading: str  # a short explanation for the user
    #: Words of the name the reading did not use (canonical English): for "matched" the words
    #: dropped to find the entry, for "inferred" and "unassigned" the words not understood.
    ignored: tuple[str, ...] = ()
    #: "matched" only: the name's equipment has no entry of this movement, so ``exercise`` is
    #: the closest variant (same movement, other equipment).
    stand_in: bool = False


# --- the lexicon ------------------------------------------------------------------------------
#
# One entry a line: ``key | key = canonical words``. Keys are written as people write them and
# read through ``normalise_name`` and the stop words (so accents, case, plurals handled there and
# articles do not matter); the canonical side is the English vocabulary the rest of the module
# speaks ("-" for nothing: the words are noise). Longest keys win.

_ENGLISH = """
delts | delt | deltoid | deltoids = delt
lats | latissimus = lat
traps | trap | trapezius = traps
pecs | pec | pectoral | pectorals | chest = chest
abdominal | abdominals | abs | ab | core | tummy | stomach = abs
obliques | oblique = oblique
glutes | glute | gluteal | gluteus | butt | booty = glute
hamstrings | hamstring | hams | ham | hammies = hamstring
quads | quad | quadriceps | quadricep = quad
calves | calf | calfs = calf
forearms | forearm = forearm
shoulders | shoulder = shoulder
lower back | lumbar = lowerback
upper back = upperback
adductors | adductor | groin = adductor
abductors | abductor = abductor
inner thigh | inner thighs = adduction
outer thigh | outer thighs = abduction
bis | bi = biceps
tris | tri = triceps
neck = neck
shin | shins | tibialis | tib | tibs = shin
press up | press ups | pressup | pressups = pushup
pulls = pull
block pull | block pulls = rack pull
knee tuck | knee tucks = knee raise
bound | bounds | bounding = jump
vis vis = -
legs = leg
knees = knee
hips = hip
wrists = wrist
heels = heel
bird dog | bird dogs = birddog
kipping | kip | butterfly kip = -
y t w | ytw | ytws | y t w raise = y raise
devil press | devils press = manmaker
axle press = overhead press
axle = barbell
windmill | windmills = windmill
stir pot = plank
captains crush = gripper
flexion = flexion
side step | side steps | lateral step | lateral steps | crab walk | crab walks = lateral walk
sandbag | sandbags = sandbag
hyper | hypers = hyperextension
hangs = hang
dead bug | dead bugs | deadbugs = deadbug
frog pump | frog pumps = glute bridge
toe touch | toe touches | toes touch | toe touchers = toetouch
heel touch | heel touches | heel tap | heel taps = heeltap
touch go | touch and go = -
press down | pressdown = pushdown
push back | pushback = kickback
kick back | kick backwards | kickbackwards | kick backs = kickback
pull through | pullthrough | pull throughs = pullthrough
lat pull through = lat pullthrough
face pull | facepull | face pulls | facepulls = facepull
good morning | goodmorning = goodmorning
side bend | side bends | sidebend = sidebend
high pull | high pulls | highpull = highpull
lift off | liftoff = liftoff
muscle up | muscleup | muscle ups | muscleups = muscleup
rope climb | rope climbs | rope climbing = ropeclimb
man maker | man makers | manmaker | manmakers = manmaker
wall ball | wall balls | wallball | wallballs = wallball
ball slam | ball slams | slam ball | slam balls | slams | slam = slam
wall sit | wall sits | wallsit | wall squat hold = wallsit
l sit | lsit | l sits = lsit
hollow | hollow hold | hollow body | hollow body hold | hollow rock | hollow rocks = hollow
arch | arch hold | arch body | arch body hold | arch rock | arch rocks = arch
dead hang | dead hangs | bar hang = dead hang
toes to bar | toes bar | t2b | ttb = toestobar
knees to elbows | knees elbows | k2e = kneestoelbows
dragon flag | dragon flags = dragonflag
front lever | back lever = lever
planche | tuck planche | planche lean = planche
copenhagen | copenhagen plank = copenhagen
full can | empty can = fullcan
twister | twisters = twist
scissors = scissor
ab coaster | abcoaster = crunch machine
v up | v ups | vup | vups | v sit up = vup
rotary = rotation
around world = around world
skull crusher | skullcrusher = skullcrusher
french press = frenchpress
jm press | tate press = triceps press
pec deck | peck deck | pec dec | butterfly | butterflies = pecdeck
reverse butterfly | butterfly reverse | reverse pec deck = reverse fly
cable cross | cable crosses = cable crossover
flye | flyes | flies = fly
lunges | lunging = lunge
squatting = squat
jumping | jumps = jump
hip thrusts | hipthrust = hip thrust
thrusts = thrust
rdl = romanian deadlift
sldl | sl dl = stiff leg deadlift
slrdl | sl rdl | single leg rdl = single leg romanian deadlift
cgbp = close bench press
bp = bench press
dl | dls = deadlift
ohs = overhead squat
bss | rfess | rear foot elevated split squat = bulgarian split squat
ghr | glute ham raise | glute ham raises | glute hamstring raise = glute hamstring raise
ghd = ghd
hspu = handstand pushup
hlr = hanging leg raise
lpd = lat pulldown
pd = pulldown
ssb | safety bar | safety squat bar = squat
gm = goodmorning
cnj | c and j | clean jerk = clean jerk
c2b | chest to bar | chest bar = pullup
sa | single arm | one arm | single hand | one hand | alternating | alternate | alt = single
unilateral | uni | single side | one side = single
sl | single leg | one leg = single leg
two hand | two handed | two hands | both hands | bilateral = -
un | una | um | uma = -
un braccio | un bras | una mano | un brazo | um braco | uma mao = single
incl | inc = incline
decl | dec = decline
ext = extension
extensions = extension
std = standing
mach = machine
machines = machine
w = -
iso lateral | isolateral | iso = isolateral
behind neck | behind head | btn = behindneck
behind back = behindback
chin up grip | chinup grip | supinated | supinated grip | supine grip | underhand = underhand
underhand grip = underhand
pronated | pronated grip | overhand | overhand grip = overhand
neutral | neutral grip | hammer grip | parallel grip = neutral
v grip | v bar | vbar | v handle | triangle | triangle bar | triangle grip = vbar
close | close grip | narrow | narrow grip | short grip = close
wide | wide grip | broad grip = wide
mixed grip = mixed
snatch grip = wide
reverse grip = reverse
straight arm | straight arms = straightarm
straight leg | straight legs | stiff leg | stiff legs = stiff leg
straight bar | straight handle | bar attachment = bar
bent over | bentover | bent = bentover
chest supported | chest support | chest supported incline = chestsupported
plate loaded | plate load | plateloaded | plates loaded = plateloaded
selector | selectorized | selectorised | pin loaded = selector
hammer strength | cybex | nautilus | technogym | life fitness | precor | hoist = brandmachine
panatta = brandmachine
ez | ez bar | ezbar | ez curl bar = ezbar
trap bar | hex bar | hex | trapbar = trapbar
t bar | tbar = tbar
smith = smith
resistance band | banded | bands | mini band | loop band | theraband | tube = band
kettle bell = kettlebell
medicine ball | med ball | medball = medball
low bar = lowbar
high bar = highbar
laying | laying down | lying down = lying
prone = prone
with height | height | heights = -
pause | paused | pauses = pause
tempo = tempo
practice | technique | drill | drills | warm up sets = practice
slow | explosive | speed | dynamic effort = explosive
heavy | light | easy | hard | hard cable | easy cable = effort
strict = strict
negative | negatives | eccentric | eccentrics = negative
partial | partials | half reps = partial
deficit = deficit
atg | ass to grass | deep | full range | full rom = deep
weighted | loaded = weighted
horizontal | 45 degree | 45 degrees | degree | degrees = horizontal
flat = flat
free | free weight | free weights = -
exercise | exercises | exercice | workout | movement | variation | version | my | new | old = -
custom | station | attachment = -
handle | handles | hand | hands | arm | arms = -
cross body | crossbody | across body = crossbody
egyptian | lean away | leaning | leaning away | face away | facing away = leaning
contralateral | ipsilateral | offset = offset
muscle = power
power = power
tall = tall
hang = hang
hanging = hanging
seal = seal
landmine = landmine
stairmaster | stair master | stair climber | stair stepper | stair machine = stairs
stairs | stair | step mill | stepmill | stair climbing = stairs
treadmill = treadmill
erg | ergs | concept2 | concept 2 | rower | row erg | rowerg | indoor rower = erg
ergometer = ergometer
ski erg | skierg = skierg
bike erg | bikeerg | spin | spinning | spin class | spin bike | peloton = indoorbike
stationary bike | exercise bike | indoor cycling | indoor bike = indoorbike
arm ergometer | arm erg | upper body ergometer | ube | hand bike | handbike | arm bike = armerg
jacobs ladder | versaclimber | versa climber = climbmachine
assault bike | air bike | echo bike | airdyne | fan bike = airbike
elliptical | cross trainer | crosstrainer | elliptical trainer = elliptical
jump rope | skipping rope | rope skipping | jumping rope | skip rope | skipping | skip = jumprope
jumping jack | jumping jacks | star jump | star jumps = jumpingjack
high knees | high knee | high knee skip = highknees
battle rope | battle ropes = battlerope
foam roll | foam rolling | foam roller | foam rollers | foamroll = foamroll
trigger point | lacrosse ball = foamroll
rub | rubs | massage | massages | self massage = massage
stretch | stretches | stretching | stretched = stretch
mobility | mobilisation | mobilization | flexibility | mobility work = mobility
floss | flossing | dislocate | dislocates | leg swing | leg swings = mobility
arm swing | arm swings = mobility
arm circle | arm circles | pose | poses | thoracic | open book | open books | inchworm = mobility
inchworms = mobility
cat cow | cat camel | cat cows = catcow
90 90 = mobility hip
warm up | warmup | warmups | warm ups = warmup
cool down | cooldown = warmup
yoga = yoga
pilates = pilates
run | runs | running | sprint | sprints | sprinting | jog | jogging | jogs = run
walk | walks | walking | stroll = walk
hike | hikes | hiking | trek | trekking | rucking | ruck = hike
bike | biking | cycle | cycling | bicycle | ride | rides = bike
swim | swims | swimming = swim
rowing = rowing
boxing | box fit | shadow boxing | heavy bag | punching bag | sparring | boxing bag = boxing
kickboxing | kick boxing | mma | muay thai | martial arts | martial art | bjj = martial
jiu jitsu | jujitsu | judo | karate | taekwondo | wrestling | krav maga | fencing = martial
tennis | table tennis | ping pong | squash | badminton | padel | pickleball | golf = sport
football | soccer | basketball | volleyball | handball | rugby | hockey | baseball = sport
softball | cricket | frisbee | ultimate frisbee | lacrosse | netball = sport
horse riding | horseback riding | equestrian = sport
climbing | bouldering | rock climbing | climb = climbing
skating | skate | ice skating | inline skating | roller skating = skating
skiing | ski | snowboard | snowboarding = skiing
surf | surfing | kayak | kayaking | canoe | canoeing | paddle | paddleboard = paddling
paddle boarding | paddleboarding | sup = paddling
dance | dancing | zumba | dance class | barre class = dance
aerobics | aerobic | step aerobics | water aerobics | aerobic exercise = aerobics
hiit | high intensity interval training | tabata = hiit
interval training | intervals | circuit | circuits | circuit training = conditioning
conditioning | metcon | wod | crossfit | emom | amrap | bootcamp | boot camp = conditioning
trampoline | cardio = conditioning
sauna | physio | rehab = recovery
"""

_GERMAN = """
bankdrücken | bankdrucken | flachbankdrücken = bench press
schrägbankdrücken = incline bench press
schrägbank = incline bench
negativbankdrücken = decline bench press
negativbank = decline bench
bank = bench
drücken = press
kniebeuge | kniebeugen = squat
frontkniebeuge | frontkniebeugen = front squat
kreuzheben = deadlift
rumänisches | rumänisch | rumänische = romanian
gestreckt | gestreckte | gestrecktes | gestreckten = stiff leg
klimmzug | klimmzüge | klimmzuge = pullup
klimmzugmaschine = assisted pullup machine
latziehen | latzug | lat ziehen = lat pulldown
rudern = rowing
rudergerät | rudermaschine | ruderergometer = erg
vorgebeugt | vorgebeugtes | vorgebeugte = bentover
aufrecht | aufrechtes = upright
kabelrudern = cable row
liegestütz | liegestütze | liegestützen | liegestutz = pushup
barrenstütz | barren = dip
ausfallschritt | ausfallschritte | ausfallschritten = lunge
seitheben | seitliches heben | seitenheben = lateral raise
frontheben = front raise
heben = raise
fliegende | fliegenden = fly
beinpresse = leg press
presse = leg press
beinstrecker | beinstrecken | beinstreckung = leg extension
beinbeuger | beinbeugen = leg curl
wadenheben = calf raise
waden | wade = calf
kurzhantel | kurzhanteln | kh = dumbbell
langhantel | langhanteln | lh = barbell
sz stange | sz = ezbar
hantel | hanteln = dumbbell
stange = bar
kabelzug | seilzug | kabel | zugturm = cable
seil = rope
maschine | gerät = machine
unterarmstütz = plank
bauchpresse = crunch
bauch | bauchmuskeln = abs
schulterdrücken = shoulder press
nackendrücken = behindneck press
trizepsdrücken = triceps pushdown
trizeps = triceps
bizeps = biceps
strecken | streckung = extension
beugen = curl
überzüge | überzug | uberzuge = pullover
hüfte | hüft = hip
hüftheben | beckenheben = glute bridge
hüftstoß = hip thrust
abduktoren | abduktion = abduction
adduktoren | adduktion = adduction
rückenstrecker | rückenstreckung = back extension
rücken = back
nacken = neck
schulter | schultern = shoulder
schulterheben = shrug
brust = chest
brustpresse = chest press
beinheben = leg raise
knieheben = knee raise
hängend | hängendes = hanging
sitzend | sitzendes | sitzende = seated
stehend | stehendes | stehende = standing
liegend | liegendes | liegende = lying
kniend | kniende = kneeling
einarmig | einseitig = single
einbeinig = single leg
beidarmig = -
enger griff | eng | enge | enges | enger | engem = close
weiter griff | weit | breit = wide
untergriff | kammgriff = underhand
obergriff = overhand
hammergriff | neutralgriff = neutral
griff = grip
konzentration = concentration
hackenschmidt = hack squat
grad = -
seitlich | seitliches | seitliche = side
schulterpresse = shoulder press
gewichtet = weighted
assistiert | unterstützt = assisted
schnellkraft | explosiv = explosive
übung | ubung | übungen = -
laufen | joggen = run
gehen | spazieren | spaziergang = walk
wandern = hike
radfahren | fahrrad | rad = bike
schwimmen = swim
laufband = treadmill
seilspringen | springseil = jumprope
dehnen | dehnung | dehnübungen = stretch
aufwärmen = warmup
klettern | bouldern = climbing
tanzen = dance
boxen = boxing
kampfsport = martial
fußball | fussball = sport
standwaage = balancepose
"""

_PORTUGUESE = """
supino | supino reto = bench press
supino inclinado = incline bench press
supino declinado = decline bench press
supino sentado = seated chest press
supino maquina = chest press machine
supino fechado = close bench press
reto | reta = flat
inclinado | inclinada = incline
declinado | declinada = decline
crucifixo = fly
crucifixo inverso | crucifixo invertido | voador inverso | voador invertido = reverse fly
voador = pecdeck
desenvolvimento = shoulder press
desenvolvimento militar = overhead press
ombro | ombros = shoulder
elevacao | elevacoes = raise
polichinelo | polichinelos = jumpingjack
elevacao lateral | elevacoes laterais = lateral raise
elevacao frontal | elevacoes frontais = front raise
frontal | frontais = front
laterais = lateral
elevacao pelvica | elevacao quadril = hip thrust
encolhimento | encolhimentos = shrug
remada | remadas = row
remada curvada = bentover row
curvada | curvado = bentover
remada baixa = low row
remada alta = upright row
remada cavalinho | cavalinho = tbar row
serrote = single dumbbell row
puxada = pulldown
puxada alta | puxada frontal | puxador = lat pulldown
puxada aberta = wide lat pulldown
puxada fechada = close lat pulldown
puxada supinada = underhand lat pulldown
barra fixa = pullup
barra w = ezbar
barra guiada = smith
graviton | gravitron = assisted pullup machine
pegada = grip
pronada | pronado = overhand
supinada | supinado = underhand
neutra | neutro = neutral
aberta | aberto = wide
fechada | fechado = close
triangulo = vbar
agachamento | agachamentos = squat
livre = -
bulgaro = bulgarian
salto | saltos = jump
afundo | afundos | avanco | avancos = lunge
passada | passadas = walk lunge
cadeira extensora | extensora = leg extension
cadeira flexora = seated leg curl
flexora = leg curl
mesa flexora = lying leg curl
cadeira abdutora | abdutora | abdutor | abducao = abduction
cadeira adutora | adutora | adutor | aducao = adduction
cadeira romana = back extension
cadeira = -
extensao | extensoes = extension
flexoes | flexao braco | flexoes braco = pushup
flexao = flexion
flexao pernas | flexao joelhos = leg curl
flexao plantar = calf raise
perna | pernas = leg
quadril | anca = hip
lombar = lowerback
panturrilha | panturrilhas | gemeos = calf
gluteo | gluteos = glute
coice = kickback
ponte = bridge
peso morto = deadlift
levantamento terra | terra = deadlift
romeno | romena = romanian
pernas esticadas | pernas rigidas | esticadas = stiff leg
bom dia = goodmorning
rosca = curl
rosca direta = biceps curl
direta = -
martelo = hammer
rosca scott | scott = preacher curl
concentrada = concentration
inversa | inverso | invertida | invertido = reverse
punho | punhos = wrist
rosca testa | triceps testa | testa = skullcrusher
rosca francesa | triceps frances | frances | francesa = overhead triceps extension
rosca costas = behindback curl
hiperextensao | hiperextensoes | hiperextensao lombar = hyperextension
extensao triceps | extensoes triceps = triceps extension
mergulho | fundos | paralelas = dip
banco = bench
abdominal | abdominais | supra = abs
abdominal infra | infra = reverse crunch
obliquo | obliquos = oblique
prancha = plank
prancha lateral = side plank
polia | cabo | cabos = cable
halter | halteres | haltere = dumbbell
barra = barbell
maquina = machine
maquina placas | placas = plateloaded
anilha = plate
elastico | faixa elastica = band
peso corporal = bodyweight
corda = rope
sentado | sentada = seated
pe = standing
deitado | deitada = lying
alternado | alternada = single
cruzado | cruzada = crossbody
assistida | assistido = assisted
corrida | correr = run
caminhada | caminhar = walk
esteira = treadmill
bicicleta | ciclismo | bicicleta ergometrica | bike ergometrica = bike
natacao | nadar = swim
eliptico = elliptical
escada = stairs
pular corda = jumprope
corda naval = battlerope
alongamento | alongamentos = stretch
mobilidade = mobility
aquecimento = warmup
danca = dance
futebol = sport
boxe = boxing
luta = martial
escalada = climbing
trilha = hike
remo = rowing
remo ergometro | maquina remo = erg
remo maquina = row machine
"""

_SPANISH = """
press banca | banca = bench press
press inclinado = incline press
militar = military
hombro | hombros = shoulder
prensa | prensa piernas | press piernas | press pierna = leg press
pierna | piernas = leg
sentadilla | sentadillas = squat
bulgara = bulgarian
peso muerto = deadlift
rumano = romanian
piernas rigidas = stiff leg
dominada | dominadas = pullup
dominadas supinas = chinup
supinas | agarre supino = underhand
press frances | press francesa = frenchpress
jalon | jalones = pulldown
jalon pecho | polea pecho = lat pulldown
tras nuca = behindneck
pecho = chest
fondos = dip
flexiones | flexion brazos | lagartijas = pushup
zancada | zancadas | estocada | estocadas | desplante | desplantes = lunge
caminando = walk
elevaciones | elevacion = raise
frontales = front
laterales = lateral
talones | talon = calf
gemelos | pantorrilla | pantorrillas = calf
cadera = hip
empuje cadera = hip thrust
puente = bridge
gluteos = glute
aperturas | apertura = fly
cruce | cruces = crossover
aductores | aductor = adduction
vuelo | vuelos = raise
sobre cabeza = overhead
cabeza = -
colgado | colgada | colgando = hanging
contractora = pecdeck
pajaros | pajaro = reverse fly
inversas = reverse
martillo = hammer
predicador = preacher
concentrado = concentration
femoral | femorales = hamstring
curl femoral = leg curl
muneca | munecas = wrist
cuadriceps = quad
espalda = back
patada | patadas = kickback
rompecraneos = skullcrusher
encogimiento | encogimientos = shrug
mancuerna | mancuernas = dumbbell
barra z = ezbar
barra fija = pullup
polea | poleas = cable
multipower = smith
pesa rusa = kettlebell
banda | liga = band
disco = plate
cuerda = rope
abdominales = abs
plancha = plank
plancha lateral = side plank
rueda abdominal = abs rollout
rodilla | rodillas = knee
giros rusos | giro ruso = russian twist
tumbado | tumbada | acostado = lying
pie = standing
agarre = grip
cerrado | cerrada = close
abierto | abierta | ancho = wide
prono = overhand
alterno = single
carrera = run
trotar = run
caminata | caminar = walk
cinta | cinta correr = treadmill
bici | bicicleta estatica = bike
natacion = swim
eliptica = elliptical
escaladora = stairs
saltar cuerda | comba = jumprope
estiramiento | estiramientos = stretch
calentamiento = warmup
baile = dance
boxeo = boxing
futbol | baloncesto = sport
senderismo = hike
"""

_FRENCH = """
developpe couche = bench press
developpe incline = incline bench press
developpe decline = decline bench press
developpe militaire = overhead press
developpe epaules | developpe epaule = shoulder press
developpe = press
couche | allonge = lying
ecarte | ecartes = fly
ecarte inverse | oiseau = reverse fly
avant = front
bulgare | bulgares = bulgarian
saute | sautes = jump
gobelet = goblet
presse cuisses = leg press
cuisse | cuisses = quad
jambe | jambes = leg
ischio | ischios | ischio jambiers = hamstring
souleve terre | souleve = deadlift
roumain = romanian
jambes tendues = stiff leg
traction | tractions = pullup
supination = underhand
pronation = overhand
assistee = assisted
tirage vertical | tirage poitrine = lat pulldown
tirage horizontal = seated cable row
tirage nuque = behindneck lat pulldown
tirage menton | rowing menton = upright row
menton = upright
haute | haut = high
basse | bas = low
tirage = pulldown
poitrine = chest
pompe | pompes = pushup
banc = bench
fente | fentes = lunge
marchees = walk
elevation | elevations | releve | releves = raise
laterale | laterales = lateral
frontale | frontales = front
mollet | mollets = calf
genou | genoux = knee
haussement | haussements | haussement epaules = shrug
epaule | epaules = shoulder
marteau = hammer
pupitre = preacher
concentre = concentration
poignet | poignets = wrist
barre front = skullcrusher
abdos | abdominaux = abs
gainage = plank
gainage lateral = side plank
fessier | fessiers = glute
pont = bridge
abducteurs = abduction
adducteurs = adduction
lombaire | lombaires = lowerback
banc lombaire = back extension
haltere | halteres = dumbbell
barre = barbell
barre guidee = smith
poulie | poulies = cable
elastique = band
poids corps = bodyweight
disque = plate
corde = rope
assis = seated
debout = standing
penche | buste penche = bentover
alterne | alternes = single
serree = close
large = wide
neutre = neutral
prise = grip
course | course pied | courir | footing = run
marche = walk
tapis | tapis course = treadmill
velo | velo appartement = bike
velo elliptique | elliptique = elliptical
rameur = erg
natation | nage = swim
corde sauter = jumprope
etirement | etirements = stretch
echauffement = warmup
danse = dance
boxe = boxing
randonnee = hike
escalade = climbing
escaliers = stairs
"""

_ITALIAN = """
panca piana = bench press
panca = bench
piana = flat
panca inclinata = incline bench press
inclinata | inclinato = incline
declinata | declinato = decline
distensioni | distensione | spinte | spinta = press
lento avanti = overhead press
lento dietro = behindneck press
alzate | alzata = raise
laterali = lateral
frontali = front
posteriori = rear
croci | croce = fly
croci cavi = cable crossover
inverse = reverse
pectoral machine = pecdeck
affondi | affondo = lunge
camminati = walk
pressa = leg press
stacco | stacco terra = deadlift
rumeno = romanian
gambe tese = stiff leg
gamba | gambe = leg
polpacci | polpaccio = calf
glutei = glute
ponte glutei = glute bridge
slanci = kickback
trazioni | trazione | sbarra = pullup
lat machine = lat pulldown
cable basso = seated cable row
cable alto = lat pulldown
rematore = row
piegamenti | flessioni = pushup
parallele = dip
martello = hammer
polsi | polso = wrist
bicipiti = biceps
tricipiti = triceps
estensioni | estensione = extension
scrollate = shrug
addominali = abs
plank laterale = side plank
iperestensioni = hyperextension
lombari = lowerback
manubri | manubrio = dumbbell
bilanciere = barbell
cavi | cavo = cable
macchina = machine
corpo libero = bodyweight
seduto = seated
piedi = standing
sdraiato | sdraiata = lying
stretta = close
larga = wide
presa = grip
unilaterale = single
alternato | alternati = single
braccio | braccia = -
corsa | correre = run
camminata = walk
tapis roulant = treadmill
cyclette = bike
nuoto = swim
ellittica = elliptical
vogatore = erg
salto corda = jumprope
allungamento = stretch
riscaldamento = warmup
calcio | pallavolo | pallacanestro = sport
ballo = dance
escursione = hike
arrampicata = climbing
pugilato = boxing
"""

_DUTCH = """
bankdrukken = bench press
schuin | schuine = incline
drukken = press
schouderdrukken = shoulder press
schouder | schouders = shoulder
zijwaarts | zijwaartse = lateral
voorwaarts | voorwaartse = front
heffen | heffing | heffingen = raise
vlinder | vlinders = fly
omgekeerd | omgekeerde = reverse
hurken = squat
beenpers | beenpress = leg press
beenstrekken | beenstrekker = leg extension
beenbuigen | beenbuiger = leg curl
uitvalspas | uitvalspassen = lunge
kuitheffen | kuitheffing = calf raise
kuit | kuiten = calf
roemeense = romanian
gestrekte benen = stiff leg
benen = leg
heupstoot = hip thrust
heup = hip
billen = glute
bilbrug = glute bridge
optrekken | optrekoefening = pullup
lat trekken = lat pulldown
roeien = rowing
roeimachine = erg
opdrukken = pushup
hamer = hammer
strekken | extensie = extension
schouderophalen = shrug
buikspieren | buikspier = abs
rugstrekken | rugstrekker = back extension
rug = back
onderrug = lowerback
halters = dumbbell
lange halter | stang = barbell
toestel = machine
lichaamsgewicht = bodyweight
elastiek = band
zittend | zittende = seated
staand | staande = standing
liggend | liggende = lying
eenarmig = single
smalle greep | smal | smalle = close
brede greep | breed | brede = wide
greep = grip
hardlopen | lopen = run
wandelen = walk
fietsen | fiets = bike
zwemmen = swim
loopband = treadmill
touwtjespringen = jumprope
rekken | stretchen = stretch
opwarmen = warmup
dansen = dance
voetbal = sport
klimmen = climbing
traplopen = stairs
"""

#: Chinese (simplified and traditional) and a little Japanese: written without spaces, so
#: matched as substrings, longest first, before the name is split into words.
_CJK = """
平板卧推 | 平板臥推 = bench press
上斜卧推 | 上斜臥推 = incline bench press
下斜卧推 | 下斜臥推 = decline bench press
窄距卧推 | 窄握卧推 = close bench press
卧推 | 臥推 = bench press
上斜 = incline
下斜 = decline
侧平板支撑 | 側平板支撐 = side plank
平板支撑 | 平板支撐 | 棒式 = plank
平板 = flat
杠铃 | 槓鈴 | 杠鈴 = barbell
哑铃 | 啞鈴 = dumbbell
壶铃 | 壺鈴 = kettlebell
史密斯 = smith
绳索 | 繩索 | 拉力器 | 龙门架 | 龍門架 | 滑轮 | 滑輪 = cable
器械 | 机械 | 機械 = machine
弹力带 | 彈力帶 = band
坐姿推胸 = seated chest press
推胸 = chest press
蝴蝶机 | 蝴蝶機 | 蝴蝶 = pecdeck
反向飞鸟 | 反向飛鳥 | 俯身飞鸟 | 俯身飛鳥 = reverse fly
飞鸟 | 飛鳥 | 夹胸 | 夾胸 = fly
保加利亚分腿蹲 | 保加利亞分腿蹲 = bulgarian split squat
分腿蹲 = split squat
高脚杯深蹲 | 高腳杯深蹲 = goblet squat
颈前深蹲 | 頸前深蹲 | 前蹲 = front squat
哈克深蹲 = hack squat
相扑深蹲 | 相撲深蹲 = sumo squat
深蹲 = squat
箭步蹲 | 弓步蹲 | 弓步 = lunge
罗马尼亚硬拉 | 羅馬尼亞硬舉 = romanian deadlift
直腿硬拉 | 直腿硬舉 = stiff leg deadlift
相扑硬拉 | 相撲硬舉 = sumo deadlift
硬拉 | 硬舉 = deadlift
反手引体向上 | 反手引體向上 = chinup
辅助引体向上 | 輔助引體向上 = assisted pullup
引体向上 | 引體向上 | 引体 | 引體 = pullup
高位下拉 = lat pulldown
坐姿划船 = seated row
俯身划船 = bentover row
直立划船 = upright row
划船机 | 划船機 = erg
划船 = row
单臂 | 單臂 = single
单腿 | 單腿 = single leg
俯卧撑 | 俯臥撐 | 伏地挺身 = pushup
双杠臂屈伸 | 雙槓臂屈伸 | 双杠 | 雙槓撐體 = dip
仰卧臂屈伸 | 仰臥臂屈伸 = lying triceps extension
颈后臂屈伸 | 頸後臂屈伸 = overhead triceps extension
臂屈伸 = triceps extension
肱三头肌 | 肱三頭肌 | 三头 | 三頭 = triceps
肱二头肌 | 肱二頭肌 | 二头 | 二頭 = biceps
下压 | 下壓 = pushdown
锤式弯举 | 錘式彎舉 = hammer curl
牧师椅弯举 | 牧师凳弯举 | 牧師椅彎舉 = preacher curl
集中弯举 | 集中彎舉 = concentration curl
腕弯举 | 腕彎舉 = wrist curl
俯卧腿弯举 | 俯臥腿彎舉 = lying leg curl
坐姿腿弯举 | 坐姿腿彎舉 = seated leg curl
腿弯举 | 腿彎舉 = leg curl
弯举 | 彎舉 = curl
坐姿腿屈伸 | 腿屈伸 = leg extension
腿举 | 腿舉 | 倒蹬 | 腿推 = leg press
坐姿提踵 = seated calf raise
提踵 = calf raise
侧平举 | 側平舉 = lateral raise
前平举 | 前平舉 = front raise
阿诺德推举 | 阿諾德推舉 = arnold press
肩推 | 推肩 | 推举 | 推舉 = shoulder press
耸肩 | 聳肩 = shrug
面拉 = facepull
臀推 = hip thrust
臀桥 | 臀橋 = glute bridge
卷腹 | 捲腹 = crunch
仰卧起坐 | 仰臥起坐 = situp
悬垂举腿 | 懸垂舉腿 = hanging leg raise
举腿 | 舉腿 = leg raise
俄罗斯转体 | 俄羅斯轉體 = russian twist
健腹轮 | 腹肌轮 | 健腹輪 | 腹肌輪 = abs rollout
山羊挺身 | 背部伸展 = back extension
农夫行走 | 農夫行走 | 农夫走 = farmers walk
壶铃摇摆 | 壺鈴擺盪 = kettlebell swing
高翻 = power clean
挺举 | 挺舉 = clean jerk
抓举 | 抓舉 = snatch
髋外展 | 髖外展 | 外展 = abduction
髋内收 | 髖內收 | 内收 | 內收 = adduction
坐姿 = seated
站姿 = standing
俯卧 | 俯臥 | 仰卧 | 仰臥 = lying
俯身 = bentover
窄距 | 窄握 = close
宽距 | 寬距 | 宽握 | 寬握 = wide
反握 = underhand
正握 = overhand
负重 | 負重 = weighted
辅助 | 輔助 = assisted
跑步机 | 跑步機 = treadmill
跑步 | 慢跑 = run
步行 | 走路 | 散步 | 快走 = walk
动感单车 | 動感單車 | 骑行 | 騎行 | 单车 | 單車 | 自行车 | 自行車 = bike
游泳 = swim
椭圆机 | 橢圓機 = elliptical
爬楼梯 | 爬樓梯 | 楼梯机 | 樓梯機 = stairs
跳绳 | 跳繩 = jumprope
开合跳 | 開合跳 = jumpingjack
波比跳 = burpee
拉伸 | 伸展 = stretch
瑜伽 = yoga
普拉提 = pilates
拳击 | 拳擊 = boxing
篮球 | 籃球 | 足球 | 网球 | 網球 | 羽毛球 | 乒乓球 = sport
徒步 | 登山 = hike
攀岩 = climbing
跳舞 | 舞蹈 = dance
热身 | 熱身 = warmup
ベンチプレス = bench press
スクワット = squat
デッドリフト = deadlift
ダンベル = dumbbell
バーベル = barbell
ケーブル = cable
マシン = machine
ラットプルダウン = lat pulldown
ショルダープレス = shoulder press
アームカール = biceps curl
カール = curl
レッグプレス = leg press
レッグカール = leg curl
レッグエクステンション = leg extension
サイドレイズ = lateral raise
懸垂 | チンニング = pullup
腕立て伏せ = pushup
腹筋 = abs
プランク = plank
ランニング = run
ウォーキング = walk
T杠 | t杠 = tbar
机 | 機 = machine
"""


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Articles, prepositions and conjunctions of the languages above: dropped before the lexicon.
_STOP_WORDS = _word_set(
    """
    the a an of on in with to and at for from into using off
    mit am an auf im der die das den dem des und zu vom von zum zur beim ein eine einem einer
    de do da dos das no na nos nas com em e o os as para pela pelo ao
    del el la los las con en al por
    du le les l d au aux avec et sur sous pour une
    di della dei degli delle alla allo ai agli alle col il lo gli dal dalla su sul sulla per
    met het een op aan voor bij uit
    """
)


def _entries(*blocks: str) -> Iterator[tuple[str, str]]:
    for block in blocks:
        for line in block.strip().splitlines():
            keys, _, value = line.partition("=")
            for key in keys.split("|"):
                yield key.strip(), value.strip()


def _words_of_key(key: str) -> tuple[str, ...]:
    return tuple(w for w in normalise_name(key).split() if w not in _STOP_WORDS)


def _build_lexicon() -> dict[tuple[str, ...], tuple[str, ...]]:
    lexicon: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key, value in _entries(_ENGLISH, _GERMAN, _PORTUGUESE, _SPANISH, _FRENCH, _ITALIAN, _DUTCH):
        canonical = () if value == "-" else tuple(value.split())
        spellings = {key}
        if any(c in key for c in "äöü"):  # German written without umlauts
            spellings.add(key.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))
        for spelling in spellings:
            words = _words_of_key(spelling)
            if not words:
                raise ValueError(f"lexicon key {spelling!r} is only stop words")
            known = lexicon.setdefault(words, canonical)
            if known != canonical:
                raise ValueError(f"lexicon key {spelling!r}: {known} or {canonical}?")
    return lexicon


_LEXICON = _build_lexicon()
_LONGEST_KEY = max(len(k) for k in _LEXICON)

_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CJK_TERMS: dict[str, str] = {}
for _key, _value in _entries(_CJK):
    _CJK_TERMS[_key] = _value
_CJK_PATTERN = re.compile("|".join(sorted(map(re.escape, _CJK_TERMS), key=len, reverse=True)))


# --- the canonical vocabulary -----------------------------------------------------------------

#: Equipment words and the equipment they name (ordered: the first found wins, so "smith
#: machine" is smith and "cable machine" is cable).
_EQUIPMENT_WORDS: dict[str, str] = {
    "smith": "smith",
    "cable": "cable",
    "band": "band",
    "kettlebell": "kettlebell",
    "dumbbell": "dumbbell",
    "barbell": "barbell",
    "ezbar": "barbell",
    "trapbar": "barbell",
    "tbar": "barbell",
    "landmine": "barbell",
    "machine": "machine",
    "plateloaded": "machine",
    "selector": "machine",
    "brandmachine": "machine",
    "pecdeck": "machine",
    "bodyweight": "bodyweight",
    "plate": "other",
    "sandbag": "other",
    "medball": "other",
}
#: Equipment words that only say the equipment (the others are part of the movement too).
_EQUIPMENT_ONLY = frozenset(
    {
        "smith",
        "cable",
        "band",
        "kettlebell",
        "dumbbell",
        "barbell",
        "machine",
        "plateloaded",
        "selector",
        "brandmachine",
        "bodyweight",
    }
)

#: Movement words: a name with none of these says no movement.
_HEADS = _word_set(
    """
    curl press row squat lunge deadlift raise fly crossover pecdeck crunch situp plank pulldown
    pullup chinup dip extension pushdown kickback shrug thrust bridge abduction adduction carry
    swing clean snatch jerk thruster goodmorning hyperextension stepup facepull pullover rollout
    twist sidebend roller grip neck sled pushup burpee jump hang rotation woodchopper chop
    pullapart pullthrough highpull getup handstand muscleup lever planche climber kick scissor
    jackknife deadbug superman hollow arch lsit wallsit toestobar kneestoelbows skullcrusher
    frenchpress pinch slam wallball manmaker halo ropeclimb liftoff fullcan copenhagen wheel
    gripper pull push walk toetouch heeltap wiper dragonflag balance hold birddog windmill flexion
    """
)

#: Words that may be dropped to find a catalogue entry, by rank: the lowest rank is dropped
#: first. None of them changes which muscles do the work.
_DROPPABLE: dict[str, int] = {
    **dict.fromkeys(
        (
            "pause",
            "tempo",
            "practice",
            "explosive",
            "effort",
            "strict",
            "negative",
            "partial",
            "deficit",
            "deep",
            "weighted",
            "horizontal",
            "flat",
            "tall",
            "power",
            "hold",
        ),
        1,
    ),
    **dict.fromkeys(("bar", "rope", "vbar", "lowbar", "highbar"), 2),
    **dict.fromkeys(
        (
            "wide",
            "close",
            "neutral",
            "underhand",
            "overhand",
            "mixed",
            "crossbody",
            "oblique",
            "high",
            "low",
            "grip",
            "leaning",
            "offset",
            "outward",
        ),
        3,
    ),
    **dict.fromkeys(("single", "isolateral"), 4),
    **dict.fromkeys(
        (
            "seated",
            "standing",
            "kneeling",
            "lying",
            "prone",
            "bentover",
            "chestsupported",
            "supported",
            "seal",
        ),
        5,
    ),
}

_GRIP_TYPES = frozenset(
    {"wide", "close", "neutral", "underhand", "overhand", "mixed", "reverse", "vbar", "hook"}
)

#: Cardio words that win over any movement word ("Row Erg", "Treadmill Walk").
_CARDIO_FIRST = frozenset(
    {
        "treadmill",
        "erg",
        "ergometer",
        "skierg",
        "indoorbike",
        "armerg",
        "climbmachine",
        "highknees",
        "boxing",
        "martial",
        "skating",
        "skiing",
        "paddling",
        "aerobics",
        "hiit",
        "airbike",
        "elliptical",
        "stairs",
        "jumprope",
        "jumpingjack",
        "battlerope",
        "swim",
        "combat",
        "sport",
        "dance",
        "hike",
        "yoga",
        "pilates",
        "outdoor",
        "climbing",
        "rowing",
    }
)
#: Mobility and recovery: win too, and carry no muscle stimulus either.
_MOBILITY = frozenset(
    {"stretch", "mobility", "foamroll", "massage", "recovery", "balancepose", "catcow"}
)
#: Cardio words that count only when no movement rule matched ("Walking Lunge" is a lunge).
_CARDIO_LATE = frozenset({"run", "walk", "bike", "warmup", "conditioning", "burpee"})

#: Muscle words, for names that say only which muscle ("General Abs", "Forearms").
_MUSCLE_WORDS: dict[str, str] = {
    "chest": "chest",
    "lat": "upper_back",
    "upperback": "upper_back",
    "back": "upper_back",
    "traps": "traps",
    "shoulder": "shoulders",
    "delt": "shoulders",
    "biceps": "biceps",
    "triceps": "triceps",
    "forearm": "forearms",
    "wrist": "forearms",
    "abs": "abs",
    "oblique": "abs",
    "lowerback": "lower_back",
    "glute": "glutes",
    "abductor": "glutes",
    "quad": "quads",
    "hamstring": "hamstrings",
    "adductor": "adductors",
    "calf": "calves",
}


def _activity_words() -> frozenset[str]:
    """Lexicon words that mean an activity without muscles (cardio, sport, mobility)."""
    activities = _CARDIO_FIRST | _CARDIO_LATE | _MOBILITY
    words = {
        w for key, value in _LEXICON.items() if value and set(value) <= activities for w in key
    }
    return frozenset(words | activities)


def _catalogue_words() -> set[str]:
    return {w for item in CATALOGUE for name in item.names for w in normalise_name(name).split()}


def _rule_words() -> set[str]:
    words: set[str] = set()
    for rule in _RULES:
        words |= rule.all_of | rule.any_of | rule.none_of
    return words


# --- reading a name into canonical words ------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    words: tuple[str, ...]  # canonical words in order, equipment words included
    unknown: tuple[str, ...]  # words of the name not in the vocabulary
    equipment: str | None  # the equipment the words name, if any

    @property
    def core(self) -> frozenset[str]:
        return frozenset(w for w in self.words if w not in _EQUIPMENT_ONLY)


#: Only the start of a very long "name" is read (the database keeps 120 characters).
_MAX_CHARS = 200
_MAX_WORD = 32


def _replace_cjk(text: str) -> str:
    if not _CJK_CHARS.search(text):
        return text
    return _CJK_PATTERN.sub(lambda m: f" {_CJK_TERMS[m.group(0)]} ", text)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count once)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


class _Vocabulary:
    """The words the module understands, with typo correction and compound splitting."""

    def __init__(self, words: Iterable[str], not_corrected_to: Iterable[str] = ()) -> None:
        self.words = frozenset(words)
        self._by_deletion: dict[str, set[str]] = {}
        excluded = frozenset(not_corrected_to)
        for word in self.words:
            if len(word) >= 5 and word.isalpha() and word not in excluded:
                for variant in (*_deletions(word), word):
                    self._by_deletion.setdefault(variant, set()).add(word)

    def correct(self, word: str) -> str | None:
        """The one vocabulary word a typo of ``word`` can be (one slip: a letter missing, extra,
        wrong or swapped), or None."""
        if len(word) < 5 or len(word) > _MAX_WORD or not word.isalpha():
            return None
        candidates: set[str] = set()
        for variant in (*_deletions(word), word):
            candidates |= self._by_deletion.get(variant, set())
        close = sorted(c for c in candidates if _edit_distance(word, c) == 1)
        return close[0] if len(close) == 1 else None

    def split(self, word: str) -> tuple[str, ...] | None:
        """A compound ("langhantelrudern", "pushpress") as vocabulary words, fewest parts."""
        if len(word) < 6 or len(word) > _MAX_WORD or not word.isalpha():
            return None
        best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
        best[0] = ()
        for end in range(1, len(word) + 1):
            for start in range(end):
                head = best[start]
                if head is None:
                    continue
                part = word[start:end]
                found = self._part(part)
                if found is None:
                    continue
                option = (*head, found)
                current = best[end]
                if current is None or len(option) < len(current):
                    best[end] = option
        result = best[len(word)]
        return result if result is not None and len(result) >= 2 else None

    def _part(self, part: str) -> str | None:
        if part == "ab":
            return part
        if len(part) < 3:
            return None
        if part in self.words and part not in _STOP_WORDS:
            return part
        for linker in ("s", "n", "e", "en", "es"):  # German links and plurals
            stem = part[: -len(linker)]
            if part.endswith(linker) and len(stem) >= 3 and stem in self.words:
                return stem
        return None


def _known(word: str, vocabulary: _Vocabulary) -> tuple[str, ...] | None:
    """``word`` as known words: itself, without a French elision, split, or corrected."""
    if word in vocabulary.words or word in _STOP_WORDS:
        return (word,)
    if word[:1] in ("l", "d") and len(word) > 3 and word[1:] in vocabulary.words:
        return (word[1:],)  # l'oiseau, d'épaules: the apostrophe went in normalise_name
    parts = vocabulary.split(word)
    if parts is not None:
        return parts
    corrected = vocabulary.correct(word)
    return (corrected,) if corrected is not None else None


def _translate(words: list[str]) -> list[str]:
    """Lexicon phrases (longest first at each position) to canonical words."""
    result: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_KEY, len(words) - i), 0, -1):
            canonical = _LEXICON.get(tuple(words[i : i + size]))
            if canonical is not None:
                result.extend(canonical)
                i += size
                break
        else:
            result.append(words[i])
            i += 1
    return result


def _imply(words: list[str], unknown: frozenset[str] = frozenset()) -> list[str]:
    """What the words leave unsaid: "Bench" is a bench press, "Stiff" (Brazil) a stiff-leg
    deadlift, "rowing" with a barbell the back exercise, "lateral" pulldown the lats."""
    present = set(words)
    heads = present & _HEADS

    def add(*extra: str) -> None:
        words.extend(w for w in extra if w not in present)
        present.update(extra)

    if "rowing" in present:
        # "Remo Gironda", "Rowing Menton": a word the lexicon does not know next to the
        # ambiguous "rowing"/"remo" is taken as the name of a row, not of the sport.
        context = (
            unknown
            or (present & set(_EQUIPMENT_WORDS)) - {"machine"}
            or present
            & {
                "seated",
                "bentover",
                "single",
                "upright",
                "tbar",
                "chestsupported",
                "incline",
                "wide",
                "close",
                "underhand",
                "overhand",
                "neutral",
                "vbar",
                "rear",
                "delt",
                "high",
                "low",
                "pendlay",
                "seal",
                "back",
                "lat",
            }
        )
        if context:
            words[:] = ["row" if w == "rowing" else w for w in words]
            present = set(words)
            heads = present & _HEADS
    if "hammer" in present and "curl" not in present:
        if heads:
            words[:] = ["brandmachine" if w == "hammer" else w for w in words]
            present = set(words)
        else:
            add("curl")
    if present & {"pulldown", "pushdown", "pullthrough"} and "raise" not in present:
        words[:] = ["lat" if w == "lateral" else w for w in words]
    if "pulldown" in present and "triceps" in present:
        words[:] = ["pushdown" if w == "pulldown" else w for w in words]
    if present & {"inward", "inner"} and "abduction" in present:
        words[:] = [
            "adduction" if w == "abduction" else w for w in words if w not in ("inward", "inner")
        ]
    if present & {"around", "world"} == {"around", "world"} and "kettlebell" in present:
        words[:] = [w for w in words if w not in ("around", "world")] + ["halo"]
    present = set(words)
    heads = present & _HEADS
    if "bulgarian" in present:
        add("split")
        if not present & {"squat", "lunge"}:
            add("squat")
    if not heads:
        if present & {"bench", "incline", "decline", "military", "arnold"}:
            add("bench" if not present & {"military", "arnold"} else "overhead", "press")
        elif present & {"stiff", "romanian", "sumo"}:
            add("deadlift")
        elif "calf" in present:
            add("raise")
        elif "abs" in present and not present & {"shin"}:
            add("crunch")
        elif "triceps" in present and present & {"overhead"}:
            add("extension")
        elif "triceps" in present and present & {"cable", "rope"}:
            add("pushdown")
        elif "lateral" in present:
            add("raise")
        elif present & {"preacher", "concentration", "spider"}:
            add("curl")
        elif present & {"goblet", "hack", "pendulum"}:
            add("squat")
        elif "thrust" in present:
            add("hip")
        elif "crossover" in present:
            pass
    if "stiff" in present and "leg" not in present:
        add("leg")
    if "thrust" in present and "hip" not in present and "glute" not in present:
        add("hip")
    if "grip" in present and present & _GRIP_TYPES:
        words[:] = [w for w in words if w != "grip"]
    return words


def _pick_equipment(words: Iterable[str]) -> str | None:
    found = {_EQUIPMENT_WORDS[w] for w in words if w in _EQUIPMENT_WORDS}
    for word in _EQUIPMENT_WORDS:  # in priority order
        if _EQUIPMENT_WORDS[word] in found:
            return _EQUIPMENT_WORDS[word]
    return None


_ROW_MACHINE = re.compile(r"\s*row(?:ing)?[\s-]*machine\s*", re.IGNORECASE)


def _parse(name: str, vocabulary: _Vocabulary) -> _Parsed:
    text = name[:_MAX_CHARS]
    if _ROW_MACHINE.fullmatch(text):  # "Row Machine" as words is the rower; "Row (Machine)" not
        text = "rowing erg"
    text = _replace_cjk(text)
    words: list[str] = []
    unknown: list[str] = []
    for word in normalise_name(text).split():
        known = _known(word, vocabulary)
        if known is None:
            unknown.append(word)
            words.append(word)
        else:
            words.extend(known)
    words = _translate([w for w in words if w not in _STOP_WORDS])
    # Numbers ("45°", "6 zu 1", "21s") say nothing about the muscles.
    words = [w for w in words if not any(c.isdigit() for c in w)]
    unknown = [w for w in unknown if w in words]
    words = _imply(words, frozenset(unknown))
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return _Parsed(tuple(seen), tuple(dict.fromkeys(unknown)), _pick_equipment(seen))


# --- the grammar of movements -----------------------------------------------------------------

#: Rule kinds: W weighted (bodyweight when the name says bodyweight), F weighted with
#: equipment and bodyweight without (or with a band), B bodyweight (weighted on a machine
#: or cable), T timed, U known but left unassigned (a muscle Regain does not track, or too
#: vague to say).
_RuleKind = Literal["W", "F", "B", "T", "U"]


@dataclass(frozen=True)
class _Rule:
    label: str
    all_of: frozenset[str]
    any_of: frozenset[str]
    none_of: frozenset[str]
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    kind: _RuleKind

    def matches(self, words: frozenset[str]) -> bool:
        return (
            self.all_of <= words
            and (not self.any_of or bool(self.any_of & words))
            and not self.none_of & words
        )


def _r(
    label: str,
    all_: str = "",
    any_: str = "",
    none: str = "",
    p: str = "",
    s: str = "",
    kind: _RuleKind = "W",
) -> _Rule:
    return _Rule(
        label,
        frozenset(all_.split()),
        frozenset(any_.split()),
        frozenset(none.split()),
        tuple(p.split()),
        tuple(s.split()),
        kind,
    )


_OLYMPIC = "glutes quads hamstrings"
_OLYMPIC_HELP = "traps shoulders lower_back upper_back"
_CHEST_WORDS = "bench chest flat incline decline floor pin board spoto larsen svend"
_SHOULDER_WORDS = (
    "overhead shoulder military arnold push behindneck bradford viking log cuban sots z"
)

# Ordered: the first rule that matches gives the reading, so specific rules come first
# ("calf press" before "leg press" before "press").
# fmt: off
_RULES: tuple[_Rule, ...] = (
    # --- the neck first: "Neck Curl" and "Neck Extension" are no arm work ---
    _r("neck work (counted as trapezius)", any_="neck", none="behindneck", p="traps"),
    # --- olympic lifts and full-body combinations ---
    _r("clean and jerk", "clean jerk", p=f"{_OLYMPIC} shoulders", s="triceps traps lower_back"),
    _r("thruster", any_="thruster", p="quads glutes shoulders", s="triceps"),
    _r("thruster", "squat press", p="quads glutes shoulders", s="triceps"),
    _r("man maker or devil press", any_="manmaker", p="shoulders quads glutes",
       s="chest upper_back triceps abs"),
    _r("clean and press", "clean press", p="glutes quads shoulders", s="hamstrings traps triceps"),
    _r("snatch pull", "snatch", any_="deadlift pull liftoff", p="glutes hamstrings traps",
       s="quads lower_back upper_back forearms"),
    _r("clean pull", "clean", any_="deadlift pull liftoff", p="glutes hamstrings traps",
       s="quads lower_back upper_back forearms"),
    _r("high pull", any_="highpull", p="traps shoulders", s="upper_back glutes hamstrings"),
    _r("snatch balance", "snatch balance", p="quads shoulders", s="glutes triceps traps"),
    _r("snatch", any_="snatch", p=_OLYMPIC, s=_OLYMPIC_HELP),
    _r("clean", any_="clean", p=_OLYMPIC, s="traps lower_back upper_back"),
    _r("jerk", any_="jerk", p="shoulders quads", s="triceps glutes traps"),
    _r("halo", any_="halo", p="shoulders", s="abs"),
    _r("around the world", "around world", p="chest", s="shoulders"),
    _r("Turkish get-up", any_="getup", p="shoulders abs", s="glutes quads triceps"),
    _r("wall ball", any_="wallball", p="quads glutes shoulders", s="triceps"),
    _r("ball slam", any_="slam", p="upper_back abs", s="shoulders"),
    # --- holds ---
    _r("wall sit", any_="wallsit", p="quads", s="glutes", kind="T"),
    _r("hollow hold", any_="hollow", p="abs", kind="T"),
    _r("arch hold", any_="arch", p="lower_back", s="glutes", kind="T"),
    _r("L-sit", any_="lsit", none="pullup chinup dip", p="abs", s="triceps", kind="T"),
    _r("Copenhagen plank", any_="copenhagen", p="adductors", s="abs", kind="T"),
    _r("side plank", "plank side", p="abs", kind="T"),
    _r("plank", any_="plank", p="abs", s="shoulders", kind="T"),
    _r("lever hold", any_="lever", p="upper_back abs", kind="T"),
    _r("planche", any_="planche", p="shoulders chest", s="triceps abs", kind="T"),
    _r("handstand push-up", "handstand pushup", p="shoulders", s="triceps", kind="B"),
    _r("handstand", any_="handstand", p="shoulders", s="triceps", kind="T"),
    _r("dragon flag", any_="dragonflag", p="abs", kind="B"),
    # --- lower legs ---
    _r("shin work (tibialis: not a group Regain tracks)", any_="shin", kind="U"),
    _r("toe raise (tibialis: not a group Regain tracks)", "toe raise", none="calf", kind="U"),
    _r("calf raise", any_="calf", p="calves"),
    # --- thighs and hips ---
    _r("glute-ham raise", "glute hamstring raise", p="hamstrings", s="glutes calves", kind="B"),
    _r("Nordic curl", any_="nordic", p="hamstrings", kind="B"),
    _r("leg curl", "curl", any_="leg hamstring", p="hamstrings", s="calves"),
    _r("leg extension", "extension", any_="leg quad knee", p="quads"),
    _r("leg press", "press", any_="leg", p="quads glutes", s="adductors"),
    _r("sissy squat", "squat sissy", p="quads", kind="B"),
    _r("jump squat", "squat jump", p="quads glutes", s="calves hamstrings", kind="B"),
    _r("single-leg squat", "squat", any_="pistol single", p="quads glutes",
       s="adductors hamstrings", kind="B"),
    _r("sumo squat", "squat", any_="sumo plie", p="quads glutes adductors"),
    _r("split squat", "squat", any_="split bulgarian", p="quads glutes",
       s="adductors hamstrings", kind="F"),
    _r("squat", any_="squat", p="quads glutes", s="adductors"),
    _r("lunge", any_="lunge stepup", p="quads glutes", s="adductors hamstrings", kind="F"),
    _r("stiff-leg deadlift", "deadlift", any_="romanian stiff single", p="hamstrings glutes",
       s="lower_back forearms"),
    _r("sumo deadlift", "deadlift sumo", p="glutes quads adductors",
       s="hamstrings lower_back traps forearms"),
    _r("trap-bar deadlift", "deadlift trapbar", p="quads glutes",
       s="hamstrings lower_back traps forearms"),
    _r("deadlift", any_="deadlift liftoff", p="glutes hamstrings lower_back",
       s="quads traps upper_back forearms"),
    _r("rack pull", "rack pull", p="glutes lower_back traps", s="hamstrings upper_back forearms"),
    _r("good morning", any_="goodmorning", p="hamstrings lower_back", s="glutes"),
    _r("Jefferson curl", any_="jefferson", p="lower_back hamstrings"),
    _r("straight-arm pull-through", "pullthrough lat", p="upper_back", s="triceps"),
    _r("pull-through", any_="pullthrough", p="glutes hamstrings", s="lower_back"),
    _r("swing", any_="swing", p="glutes hamstrings", s="lower_back forearms"),
    _r("hip thrust", any_="thrust", p="glutes", s="hamstrings"),
    _r("glute bridge", any_="bridge", none="neck", p="glutes", s="hamstrings", kind="F"),
    _r("hip extension", "extension hip", p="glutes hamstrings", s="lower_back"),
    _r("reverse hyperextension", "hyperextension", any_="reverse hip glute",
       p="glutes hamstrings", s="lower_back"),
    _r("back extension", any_="hyperextension superman", p="lower_back glutes", s="hamstrings",
       kind="B"),
    _r("back extension", "extension", any_="back lowerback", p="lower_back glutes",
       s="hamstrings"),
    _r("glute kickback", "kickback", any_="glute hip leg donkey", p="glutes", s="hamstrings"),
    _r("glute kickback", "kick", any_="glute donkey", p="glutes", s="hamstrings", kind="F"),
    _r("triceps kickback", "kickback", any_="triceps dumbbell", p="triceps"),
    _r("glute kickback", "kickback", any_="cable machine band bodyweight", p="glutes",
       s="hamstrings"),
    _r("hip abduction", any_="abduction abductor hydrant clamshell", p="glutes", kind="F"),
    _r("band walk", "walk", any_="band monster lateral side", p="glutes", kind="F"),
    _r("hip adduction", any_="adduction adductor", p="adductors", kind="F"),
    _r("hip raise", "raise hip", p="glutes", s="hamstrings", kind="F"),
    # --- pulling ---
    _r("muscle-up", any_="muscleup", p="upper_back chest triceps", s="biceps shoulders",
       kind="B"),
    _r("rope climb", any_="ropeclimb", p="upper_back biceps", s="forearms", kind="B"),
    _r("chin-up", any_="chinup", p="upper_back biceps", s="forearms", kind="B"),
    _r("scapular work", any_="scapular scapula scap", p="traps", s="upper_back", kind="B"),
    _r("pull-up", any_="pullup", p="upper_back", s="biceps forearms", kind="B"),
    _r("curl", "curl", any_="biceps", none="wrist forearm leg hamstring", p="biceps",
       s="forearms"),
    _r("straight-arm pulldown", "pulldown straightarm", p="upper_back", s="triceps"),
    _r("pulldown", any_="pulldown", p="upper_back", s="biceps"),
    _r("straight-arm pulldown", "pushdown", any_="straightarm lat", p="upper_back", s="triceps"),
    _r("pullover", "pullover cable", p="upper_back", s="triceps"),
    _r("pullover", any_="pullover", p="chest upper_back", s="triceps"),
    _r("upright row", "row upright", p="shoulders traps", s="biceps"),
    _r("rear-delt row", "row", any_="rear", p="shoulders", s="upper_back traps"),
    _r("renegade row", "row renegade", p="upper_back abs", s="biceps shoulders"),
    _r("inverted row", "row", any_="inverted australian", p="upper_back",
       s="biceps shoulders traps", kind="B"),
    _r("row", any_="row", p="upper_back", s="biceps traps shoulders"),
    _r("face pull", any_="facepull", p="shoulders traps", s="upper_back"),
    _r("band pull-apart", any_="pullapart", p="shoulders", s="upper_back traps"),
    _r("shrug", any_="shrug", p="traps", s="forearms"),
    _r("shoulder rotation", "rotation", any_="shoulder external internal cuff rotator",
       p="shoulders"),
    _r("full can raise", any_="fullcan", p="shoulders", s="traps"),
    _r("Y raise", "raise", any_="y ytw", p="shoulders traps", s="upper_back"),
    # --- pushing ---
    _r("triceps dip", "dip", any_="triceps bench chair seated", p="triceps",
       s="chest shoulders", kind="B"),
    _r("dip", any_="dip", p="chest triceps", s="shoulders", kind="B"),
    _r("pike push-up", "pushup pike", p="shoulders", s="triceps", kind="B"),
    _r("close-grip push-up", "pushup", any_="diamond close triangle triceps", p="triceps chest",
       s="shoulders", kind="B"),
    _r("push-up", any_="pushup", p="chest", s="triceps shoulders", kind="B"),
    _r("push-up", "flexion", none="hip knee leg wrist trunk torso shoulder elbow ankle",
       p="chest", s="triceps shoulders", kind="B"),
    _r("Pallof press", "press pallof", p="abs"),
    _r("push press", "press push", p="shoulders", s="triceps quads glutes"),
    _r("landmine press", "press landmine", p="shoulders chest", s="triceps"),
    _r("overhead press", "press", any_=_SHOULDER_WORDS, p="shoulders", s="triceps"),
    _r("close-grip press", "press", any_="close triceps", p="triceps chest", s="shoulders"),
    _r("chest press", "press", any_=_CHEST_WORDS, p="chest", s="triceps shoulders"),
    _r("overhead press", "press", any_="seated standing kettlebell single strict", p="shoulders",
       s="triceps"),
    _r("chest press", "press dumbbell", p="chest", s="triceps shoulders"),
    _r("a press, but not which one", any_="press", kind="U"),
    _r("reverse fly", "fly", any_="reverse rear", p="shoulders", s="upper_back traps"),
    _r("chest fly", any_="fly crossover pecdeck", p="chest", s="shoulders"),
    _r("rear-delt raise", "raise", any_="rear", p="shoulders", s="upper_back traps"),
    _r("rear-delt raise", "raise lateral bentover", p="shoulders", s="upper_back traps"),
    _r("lateral raise", "raise", any_="lateral side delt shoulder", none="leg",
       p="shoulders", s="traps"),
    _r("front raise", "raise", any_="front plate", p="shoulders"),
    _r("side leg raise", "raise leg", any_="lateral side", none="hanging", p="glutes", kind="F"),
    _r("leg raise", "raise", any_="leg knee hanging toes", p="abs", kind="F"),
    _r("a raise, but not which one", any_="raise", kind="U"),
    _r("rear-delt work", "rear delt", p="shoulders", s="upper_back traps"),
    # --- arms ---
    _r("wrist extension", "extension", any_="wrist forearm", p="forearms"),
    _r("triceps extension", "extension",
       any_="triceps overhead french lying skullcrusher dumbbell cable barbell ezbar rope band",
       p="triceps"),
    _r("an extension, but not which one", any_="extension", kind="U"),
    _r("triceps pushdown", any_="pushdown", p="triceps"),
    _r("skullcrusher", any_="skullcrusher frenchpress", p="triceps"),
    _r("reverse wrist curl", "curl reverse", any_="wrist forearm", p="forearms"),
    _r("wrist curl", "curl", any_="wrist forearm finger", p="forearms"),
    _r("reverse curl", "curl reverse", p="forearms biceps"),
    _r("hammer curl", "curl", any_="hammer zottman neutral", p="biceps forearms"),
    _r("ab curl", "curl abs", p="abs"),
    _r("curl", any_="curl", p="biceps", s="forearms"),
    _r("wrist roller", "roller", any_="wrist forearm", p="forearms"),
    _r("grip work", any_="grip gripper pinch", p="forearms"),
    # --- carries and sleds ---
    _r("overhead carry", "overhead", any_="carry walk", p="shoulders", s="abs traps"),
    _r("suitcase carry", "suitcase", any_="carry walk", p="abs forearms", s="traps"),
    _r("yoke carry", any_="yoke", p="quads glutes", s="traps abs lower_back"),
    _r("loaded carry", any_="carry farmers farmer waiter", p="forearms traps", s="abs"),
    _r("sled pull", "sled", any_="pull drag", p="hamstrings glutes", s="quads calves"),
    _r("sled push", any_="sled prowler", p="quads glutes", s="calves hamstrings"),
    _r("tyre flip", any_="tire tyre", p="glutes hamstrings quads", s="lower_back upper_back"),
    _r("stone lift", any_="atlas stone", p="glutes hamstrings lower_back", s="upper_back biceps"),
    # --- core ---
    _r("abdominal work", any_=(
        "crunch situp vup jackknife toestobar kneestoelbows rollout wheel twist sidebend "
        "woodchopper chop deadbug climber flutter scissor toetouch heeltap wiper windmill"
    ), p="abs", kind="F"),
    _r("torso rotation", "rotation", any_="torso trunk landmine", p="abs"),
    _r("bird dog", any_="birddog", p="abs lower_back", s="glutes", kind="B"),
    _r("kick", any_="kick", p="abs", kind="F"),
    # --- jumps and hangs ---
    _r("jump", any_="jump", p="quads glutes", s="calves hamstrings", kind="B"),
    _r("dead hang", any_="hang", p="forearms", s="upper_back", kind="T"),
)
# fmt: on


@dataclass(frozen=True)
class _Inference:
    label: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    assigned: bool


def _kind(rule_kind: str, equipment: str | None, words: frozenset[str]) -> str:
    if rule_kind == "T":
        kind = "timed"
    elif rule_kind == "B":
        kind = "weighted" if equipment in ("machine", "cable") else "bodyweight"
    elif rule_kind == "F":
        kind = "bodyweight" if equipment in (None, "bodyweight", "band") else "weighted"
    else:
        kind = "bodyweight" if equipment == "bodyweight" else "weighted"
    if "assisted" in words and kind != "timed":
        kind = "assisted"
    return kind


def _muscle_fallback(parsed: _Parsed) -> tuple[str, ...]:
    """The muscles a name without a movement names ("General Abs", "Back Forearms")."""
    found = [_MUSCLE_WORDS[w] for w in parsed.words if w in _MUSCLE_WORDS]
    if len(found) > 1 and "back" in parsed.words:  # "back of the forearm", "back delts"
        found = [_MUSCLE_WORDS[w] for w in parsed.words if w in _MUSCLE_WORDS and w != "back"]
    return tuple(dict.fromkeys(found))


def _infer(parsed: _Parsed) -> _Inference | None:
    words = frozenset(parsed.words)
    equipment = parsed.equipment
    if words & _MOBILITY:
        return _Inference("mobility or recovery work", "cardio", (), (), True)
    if words & _CARDIO_FIRST:
        return _Inference("a cardio or sport activity", "cardio", (), (), True)
    for rule in _RULES:
        if rule.matches(words):
            if rule.kind == "U":
                return _Inference(rule.label, _kind("W", equipment, words), (), (), False)
            secondary = tuple(m for m in rule.secondary if m not in rule.primary)
            return _Inference(
                rule.label, _kind(rule.kind, equipment, words), rule.primary, secondary, True
            )
    if words & _CARDIO_LATE:
        return _Inference("a cardio or sport activity", "cardio", (), (), True)
    muscles = _muscle_fallback(parsed)
    if muscles:
        label = "work for the " + ", ".join(m.replace("_", " ") for m in muscles)
        return _Inference(label, _kind("W", equipment, words), muscles, (), True)
    return None


# --- the catalogue, indexed by canonical words ------------------------------------------------

_ACTIVITY_WORDS = _activity_words()
_VOCABULARY = _Vocabulary(
    {w for key in _LEXICON for w in key}
    | {w for value in _LEXICON.values() for w in value}
    | _catalogue_words()
    | _rule_words()
    | set(_HEADS)
    | set(_DROPPABLE)
    | set(_EQUIPMENT_WORDS)
    | set(_MUSCLE_WORDS)
    | _CARDIO_FIRST
    | _CARDIO_LATE
    | _MOBILITY
    | {"assisted", "inward", "outward", "inner", "outer", "sumo", "romanian", "stiff", "lateral"},
    # A typo is never read as an activity: that would take the muscles away without a word
    # ("Kipping Pull Up" is no skipping). An unknown word leaves the reading to the rest.
    not_corrected_to=_ACTIVITY_WORDS,
)


@dataclass(frozen=True)
class _Entry:
    exercise: CatalogueExercise
    #: the equipment the catalogue name itself says (None: a bare name such as "Bench Press")
    written: str | None


def _build_index() -> dict[frozenset[str], tuple[_Entry, ...]]:
    index: dict[frozenset[str], list[_Entry]] = {}
    for item in CATALOGUE:
        for name in item.names:
            parsed = _parse(name, _VOCABULARY)
            entries = index.setdefault(parsed.core, [])
            if not any(e.exercise is item and e.written == parsed.equipment for e in entries):
                entries.append(_Entry(item, parsed.equipment))
    return {key: tuple(entries) for key, entries in index.items()}


_INDEX = _build_index()

#: For a name whose equipment has no entry of its movement: the nearest equipment first.
_CLOSEST: dict[str, tuple[str, ...]] = {
    "barbell": ("smith", "dumbbell", "kettlebell", "machine", "cable", "band", "bodyweight"),
    "dumbbell": ("kettlebell", "barbell", "cable", "band", "machine", "smith", "bodyweight"),
    "cable": ("machine", "band", "dumbbell", "barbell", "smith", "kettlebell", "bodyweight"),
    "machine": ("smith", "cable", "barbell", "dumbbell", "band", "kettlebell", "bodyweight"),
    "smith": ("barbell", "machine", "dumbbell", "cable", "kettlebell", "band", "bodyweight"),
    "kettlebell": ("dumbbell", "barbell", "cable", "band", "machine", "smith", "bodyweight"),
    "band": ("cable", "dumbbell", "machine", "bodyweight", "barbell", "kettlebell", "smith"),
    "bodyweight": ("band", "dumbbell", "machine", "cable", "barbell", "kettlebell", "smith"),
    "other": ("dumbbell", "barbell", "kettlebell", "machine", "cable", "band", "bodyweight"),
}
#: For a name that says no equipment and has no bare catalogue name.
_DEFAULT_ORDER = (
    "barbell",
    "bodyweight",
    "dumbbell",
    "cable",
    "machine",
    "smith",
    "kettlebell",
    "band",
    "other",
)


def _agree(items: list[CatalogueExercise]) -> bool:
    """Whether the candidates share a primary muscle (else a stand-in could be a wrong one)."""
    common = set(items[0].primary)
    for item in items[1:]:
        common &= set(item.primary)
    return bool(common) or all(item.kind == "cardio" for item in items)


def _choose(
    entries: tuple[_Entry, ...], equipment: str | None, stand_in: bool
) -> tuple[CatalogueExercise, bool] | None:
    """The entry for the name's equipment: (exercise, stand_in), or None when there is none
    (or, with ``stand_in``, no closest variant that is surely the same movement)."""
    items = list(dict.fromkeys(e.exercise for e in entries))
    if equipment is not None:
        same = [x for x in items if x.equipment == equipment]
        if same:
            return same[0], False
        if not stand_in or not _agree(items):
            return None
        order = (*_CLOSEST[equipment], "other")
        return min(items, key=lambda x: order.index(x.equipment)), True
    bare = [e.exercise for e in entries if e.written is None]
    if bare:
        return bare[0], False
    if not _agree(items):
        return None
    return min(items, key=lambda x: _DEFAULT_ORDER.index(x.equipment)), False


#: More droppable words than this are dropped first, noisiest first (keeps the search small).
_MAX_DROPPABLE = 8


def _drop_orders(core: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """Sets of droppable words to leave out: none first, then one at a time (noisiest first)."""
    present = sorted((w for w in core if w in _DROPPABLE), key=lambda w: (_DROPPABLE[w], w))
    forced = tuple(present[: max(0, len(present) - _MAX_DROPPABLE)])
    rest = present[len(forced) :]
    for size in range(len(rest) + 1):
        options = sorted(combinations(rest, size), key=lambda c: sum(_DROPPABLE[w] for w in c))
        for option in options:
            yield forced + option


def _match(parsed: _Parsed) -> tuple[CatalogueExercise, tuple[str, ...], bool] | None:
    """The catalogue exercise the words name: (exercise, words dropped, stand_in)."""
    if parsed.unknown:
        return None  # a word not understood might change the movement
    core = parsed.core
    # The named equipment first, even with more words dropped (they do not change the
    # muscles); a variant with other equipment only when no entry has it.
    for stand_in in (False, True):
        for dropped in _drop_orders(core):
            entries = _INDEX.get(core - frozenset(dropped))
            if entries is None:
                continue
            chosen = _choose(entries, parsed.equipment, stand_in)
            if chosen is not None:
                return chosen[0], dropped, chosen[1]
    return None


# --- reading a name ---------------------------------------------------------------------------


def _matched_kind(exercise: CatalogueExercise, parsed: _Parsed) -> str:
    kind = exercise.kind
    if "assisted" in parsed.words and kind in ("weighted", "bodyweight"):
        return "assisted"
    if parsed.equipment == "bodyweight" and kind == "weighted":
        return "bodyweight"
    if parsed.equipment in ("machine", "cable") and kind == "bodyweight":
        return "weighted"
    return kind


#: Canonical words written together, as the user would read them.
_SHOWN = {
    "bentover": "bent over",
    "chestsupported": "chest supported",
    "crossbody": "cross body",
    "isolateral": "iso-lateral",
    "lowbar": "low bar",
    "highbar": "high bar",
    "vbar": "V-bar",
    "straightarm": "straight arm",
    "effort": "easy/hard",
    "deep": "depth",
    "offset": "offset load",
    "leaning": "lean",
    "single": "one arm/leg",
}


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"“{_SHOWN.get(w, w)}”" for w in words)


def _from_exercise(
    name: str,
    how: How,
    exercise: CatalogueExercise,
    parsed: _Parsed | None,
    dropped: tuple[str, ...] = (),
    stand_in: bool = False,
    inference: _Inference | None = None,
) -> NameReading:
    equipment = exercise.equipment
    kind = exercise.kind
    reading = exercise.name
    if parsed is not None:
        kind = _matched_kind(exercise, parsed)
        if (
            stand_in
            and inference is not None
            and {kind, inference.kind} <= {"weighted", "bodyweight"}
        ):
            # Another equipment may change how the weight counts: a barbell lunge is load,
            # the catalogue's lunge without equipment is body weight.
            kind = inference.kind
        if parsed.equipment is not None:
            equipment = parsed.equipment
        if stand_in:
            reading += f" (the closest variant to the {parsed.equipment} one)"
        if dropped:
            reading += f", leaving out {_quoted(dropped)}"
    return NameReading(
        name=name,
        how=how,
        exercise=exercise,
        kind=kind,
        equipment=equipment,
        primary=exercise.primary,
        secondary=exercise.secondary,
        reading=reading,
        ignored=dropped,
        stand_in=stand_in,
    )


@lru_cache(maxsize=8192)
def read_name(name: str) -> NameReading:
    """What an exercise name means: the catalogue exercise, or the muscles the movement works,
    or nothing (``how == "unassigned"``). Never raises; the same name always reads the same."""
    name = name.strip()
    exact = match_name(name)
    if exact is not None:
        return _from_exercise(name, "alias", exact, None)
    parsed = _parse(name, _VOCABULARY)
    inference = _infer(parsed)
    matched = _match(parsed)
    if matched is not None:
        exercise, dropped, stand_in = matched
        # A dropped word may have mattered after all ("Standing Dumbbell Press" is no bench
        # press): when the grammar reads other muscles, trust the grammar.
        if not (
            inference is not None
            and inference.assigned
            and inference.primary
            and exercise.primary
            and not set(inference.primary) & set(exercise.primary)
        ):
            return _from_exercise(name, "matched", exercise, parsed, dropped, stand_in, inference)
    equipment = parsed.equipment
    if inference is not None and inference.assigned:
        if inference.kind == "bodyweight" and equipment is None:
            equipment = "bodyweight"
        label = inference.label
        if equipment is not None and inference.kind != "cardio":
            label += f", {equipment}"
        if parsed.unknown:
            label += f" (not understood: {_quoted(parsed.unknown)})"
        return NameReading(
            name=name,
            how="inferred",
            exercise=None,
            kind=inference.kind,
            equipment=equipment or "other",
            primary=inference.primary,
            secondary=inference.secondary,
            reading=label,
            ignored=parsed.unknown,
        )
    words = frozenset(parsed.words)
    kind = inference.kind if inference is not None else _kind("W", equipment, words)
    if words & {"hold", "isometric", "hang"}:
        kind = "timed"
    reading = inference.label if inference is not None else "not recognised"
    return NameReading(
        name=name,
        how="unassigned",
        exercise=None,
        kind=kind,
        equipment=equipment or "other",
        primary=(),
        secondary=(),
        reading=reading + ": which muscles does it work?",
        ignored=parsed.unknown,
    )


assert set(EQUIPMENT) >= set(_CLOSEST) and set(EXERCISE_KINDS) >= {"cardio", "timed"}
assert all(m in MUSCLE_KEYS for r in _RULES for m in (*r.primary, *r.secondary))
