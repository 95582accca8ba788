/** English messages of the login area; the other languages mirror these keys. */
const messages = {
  'login.title': 'Sign in to servicemeter',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.invalid': 'Wrong e-mail or password.',
  'login.rateLimited': 'Too many attempts. Wait a few minutes and try again.',
  'login.expired': 'Your session has ended. Please sign in again.',
  'setup.title': 'Create the first administrator',
  'setup.intro':
    'No administrator exists yet. The account you create here can add other users; this page disappears afterwards.',
  'setup.repeat': 'Repeat password',
  'setup.submit': 'Create administrator',
  'setup.mismatch': 'The passwords differ.',
  'setup.done': 'An administrator already exists. Reload the page to sign in.',
  'setup.token': 'Setup token',
  'setup.tokenHint':
    'You are not on the server itself: enter the setup token that servicemeter serve printed when it started.',
  'setup.tokenWrong': 'The setup token is missing or wrong. Copy it from the output of servicemeter serve.',
};

export default messages;
