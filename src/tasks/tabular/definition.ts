/** Tabular classification: a Titanic passenger's details → survived or not (scikit-learn). */
import { defineTask, singleModel } from '../task';
import { checkPassenger, passengerFeeds, survival, TITANIC, type Passenger } from './titanic';

export const tabular = defineTask({
  id: 'tabular',
  title: 'Tabular: would this passenger survive the Titanic?',
  takes: ['table'],
  models: [TITANIC],
  run: singleModel({
    prepare: (passenger: Passenger) => {
      // The form checks too; this keeps any other caller from getting an extrapolated answer.
      const checked = checkPassenger(passenger);
      if (!checked.ok) throw new Error(Object.values(checked.errors).join(' '));
      return { feeds: passengerFeeds(checked.passenger) };
    },
    decode: (outputs) => survival(outputs),
  }),
});
