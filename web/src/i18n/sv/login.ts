import type english from '../en/login.js';

const messages: Record<keyof typeof english, string> = {
  'login.title': 'Logga in i servicemeter',
  'login.email': 'E-postadress',
  'login.password': 'Lösenord',
  'login.submit': 'Logga in',
  'login.invalid': 'Fel e-postadress eller lösenord.',
  'login.rateLimited': 'För många försök. Vänta några minuter och försök igen.',
  'login.expired': 'Din session har avslutats. Logga in igen.',
  'setup.title': 'Skapa den första administratören',
  'setup.intro':
    'Det finns ingen administratör ännu. Kontot du skapar här kan lägga till andra användare; därefter försvinner den här sidan.',
  'setup.repeat': 'Upprepa lösenordet',
  'setup.submit': 'Skapa administratör',
  'setup.mismatch': 'Lösenorden skiljer sig åt.',
  'setup.done': 'Det finns redan en administratör. Ladda om sidan för att logga in.',
  'setup.token': 'Installationskod',
  'setup.tokenHint':
    'Du är inte på själva servern: ange installationskoden som servicemeter serve skrev ut vid start.',
  'setup.tokenWrong':
    'Installationskoden saknas eller är fel. Kopiera den från utskriften av servicemeter serve.',
};

export default messages;
