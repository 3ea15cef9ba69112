import { useParams } from 'react-router';
import { RecommendationDetail } from './RecommendationDetail.js';
import { RecommendationList } from './RecommendationList.js';
import './recommendations.css';

/** /recommendations (the ranked list) and /recommendations/:id (one recommendation). */
export default function RecommendationsPage() {
  const id = useParams()['id'];
  return id ? <RecommendationDetail key={id} id={id} /> : <RecommendationList />;
}
